#include <cstdio>

int main() {
    std::puts("segloop-cli: under construction");
    return 0;
}
