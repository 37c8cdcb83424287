#include "app/cli/SettingOptions.h"

namespace segloop::cli {

std::string joinedChoices(const std::vector<std::string>& names) {
    std::string text;
    for (size_t n = 0; n < names.size(); ++n)
        text += (n == 0 ? "" : n + 1 == names.size() ? " or " : ", ") + names[n];
    return text;
}

}  // namespace segloop::cli
