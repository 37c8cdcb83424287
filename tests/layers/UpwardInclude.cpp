// A planted violation for the build's include roots (cmake/IncludeRoots.cmake): a source of the
// storage layer that includes a header of the workflow layer above it. Built only by the test
// LayerCheck.UpwardIncludeDoesNotCompile, which expects the compiler to find no such header.
#include "storage/Project.h"
#include "workflow/ModelBundle.h"

int plantedUpwardInclude() {
    return 0;
}
