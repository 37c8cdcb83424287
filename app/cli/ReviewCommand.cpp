// `review` (accept, reject, release a pseudo-label) and `revert` (a new version copying an
// older one): the review decisions of the window, headless.
#include <cstdio>
#include <cstdlib>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "storage/Project.h"
#include "workflow/LabelEdits.h"
#include "workflow/ReviewDecisions.h"

namespace segloop::cli {
namespace {

int64_t idArgument(const std::string& text, const char* what) {
    char* end = nullptr;
    const long long id = std::strtoll(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || id <= 0) {
        throw UsageError{std::string(what) + " must be a positive number, not '" + text + "'"};
    }
    return id;
}

int runReview(const ParsedArguments& arguments) {
    const int decisions = int(arguments.has("accept")) + int(arguments.has("reject")) +
                          int(arguments.has("release")) + int(arguments.has("correct"));
    if (decisions != 1) {
        throw UsageError{"give exactly one of --accept, --correct, --reject and --release"};
    }
    const int64_t volumeId = idArgument(arguments.positional[1], "VOLUME_ID");
    Project project = Project::open(arguments.positional[0]);
    const std::string reviewer = arguments.value("reviewer", project.userName());
    if (arguments.has("accept")) {
        const int64_t id = acceptPseudoLabel(project, volumeId, reviewer);
        std::printf(
            "Accepted volume %lld: label version %lld (accepted, by %s) is its label of "
            "record\n",
            static_cast<long long>(volumeId), static_cast<long long>(id), reviewer.c_str());
    } else if (arguments.has("correct")) {
        const std::string file = arguments.value("correct");
        const LabelMap corrected = readNiftiLabelMap(file);
        const int64_t id = correctPseudoLabel(project, volumeId, corrected, file, reviewer);
        std::printf(
            "Corrected volume %lld: label version %lld (corrected, by %s, from %s) is its label "
            "of record\n",
            static_cast<long long>(volumeId), static_cast<long long>(id), reviewer.c_str(),
            file.c_str());
    } else if (arguments.has("reject")) {
        rejectPseudoLabel(project, volumeId, reviewer);
        std::printf(
            "Rejected the pseudo-label of volume %lld (by %s): it is never exported or "
            "trained on\n",
            static_cast<long long>(volumeId), reviewer.c_str());
    } else {
        releaseCase(project, volumeId, reviewer);
        std::printf("Released volume %lld back to the review queue\n",
                    static_cast<long long>(volumeId));
    }
    return kExitOk;
}

int runRevert(const ParsedArguments& arguments) {
    const int64_t versionId = idArgument(arguments.positional[1], "LABEL_VERSION");
    Project project = Project::open(arguments.positional[0]);
    if (arguments.has("author")) {
        project.setUserName(arguments.value("author"));
    }
    const int64_t id = revertToVersion(project, versionId);
    const LabelVersionRecord made = project.labels().get(id);
    std::printf(
        "Volume %lld: label version %lld (%s) copies version %lld and is its label of "
        "record\n",
        static_cast<long long>(made.volumeId), static_cast<long long>(id),
        toString(made.provenance), static_cast<long long>(versionId));
    return kExitOk;
}

}  // namespace

Command reviewCommand() {
    return {{"review",
             "Accept, correct, reject or release a volume's pseudo-label.",
             "PROJECT VOLUME_ID",
             "--accept: the pseudo-label becomes the volume's label of record, as a new label\n"
             "version of kind accepted (it trains, unless train --no-accepted, and a running\n"
             "trainer picks it up). --correct FILE: the label map in FILE (NIfTI, on the\n"
             "volume's grid; e.g. the pseudo-label fixed in another program) becomes the label\n"
             "of record, as a version of kind corrected. --reject: the pseudo-label is never "
             "exported or trained on;\n"
             "the case comes back when a newer model predicts it. --release: give back a case\n"
             "taken for review. Each decision is in the audit log (segloop-cli log).",
             2,
             2,
             {{"accept", "", "accept the pseudo-label"},
              {"correct", "FILE", "replace the pseudo-label by this corrected label map"},
              {"reject", "", "reject the pseudo-label"},
              {"release", "", "give back a case taken for review"},
              {"reviewer", "NAME", "who decides (default: the project user)"}}},
            runReview};
}

Command revertCommand() {
    return {{"revert",
             "Make an older label version the label of record again.",
             "PROJECT LABEL_VERSION",
             "Saves a new label version of the volume copying LABEL_VERSION (its parent):\n"
             "human from a human version, accepted from a pseudo-label, corrected otherwise.\n"
             "Nothing is overwritten; `segloop-cli info PROJECT VOLUME_ID` lists the versions.",
             2,
             2,
             {{"author", "NAME", "who reverts (default: the project user)"}}},
            runRevert};
}

}  // namespace segloop::cli
