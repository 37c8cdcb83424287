#include "core/learning/methods/MethodNames.h"

namespace segloop {

std::vector<std::string> trainingMethodNames() {
    return {"supervised", "mean-teacher", "sgrs", "buarl", "quality-guided"};
}

}  // namespace segloop
