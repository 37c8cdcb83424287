#include "learning/settings/MethodNames.h"

namespace segloop {

std::vector<std::string> trainingMethodNames() {
    return {"supervised", "mean-teacher", "sgrs", "buarl", "quality-guided"};
}

std::vector<std::string> qualityBaseMethodNames() {
    return {"mean-teacher", "sgrs"};
}

}  // namespace segloop
