// segloop-cli: the headless SegLoop. `segloop-cli --help` lists the commands.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "core/Error.h"
#include "core/io/DicomCodecs.h"
#include "core/io/PrivateFiles.h"
#include "core/io/SafeFileName.h"

namespace {

using namespace segloop::cli;

void printOverview(const std::vector<Command>& commands) {
    std::printf(
        "Usage: segloop-cli COMMAND [ARGUMENTS]\n\n"
        "The headless SegLoop: manage a project of DICOM and NIfTI studies.\n\n"
        "Commands:\n");
    for (const Command& command : commands) {
        std::printf("  %-14s %s\n", command.spec.name.c_str(), command.spec.summary.c_str());
    }
    std::printf(
        "\n`segloop-cli COMMAND --help` describes one command.\n\n"
        "Exit codes: 0 success, 1 failed (nothing was changed), 2 usage error,\n"
        "3 partly imported (--skip-bad), 4 interrupted.\n");
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<Command> commands = allCommands();
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h" ||
        arguments[0] == "help") {
        printOverview(commands);
        return arguments.empty() ? kExitUsage : kExitOk;
    }
    if (arguments[0] == "--version") {
        std::printf("segloop-cli %s\n", SEGLOOP_VERSION);
        return kExitOk;
    }
    const Command* command = nullptr;
    for (const Command& candidate : commands) {
        if (candidate.spec.name == arguments[0]) {
            command = &candidate;
        }
    }
    if (command == nullptr) {
        std::fprintf(stderr, "segloop-cli: unknown command '%s' (see segloop-cli --help)\n",
                     arguments[0].c_str());
        return kExitUsage;
    }
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    for (const std::string& argument : rest) {
        if (argument == "--help" || argument == "-h") {
            std::printf("%s", helpText(command->spec).c_str());
            return kExitOk;
        }
    }
    TerminalProgress::installInterruptHandler();
    segloop::silenceDicomToolkitLog();
    segloop::PrivateFiles::restrictNewFilesToOwner();  // patient data: owner-only files
    try {
        return command->run(parseArguments(command->spec, rest));
    } catch (const UsageError& error) {
        std::fprintf(stderr, "segloop-cli %s: %s\nUsage: segloop-cli %s %s\n",
                     command->spec.name.c_str(), error.message.c_str(), command->spec.name.c_str(),
                     command->spec.usage.c_str());
        return kExitUsage;
    } catch (const segloop::Cancelled&) {
        std::fprintf(stderr, "segloop-cli %s: interrupted; nothing was changed\n",
                     command->spec.name.c_str());
        return kExitCancelled;
    } catch (const segloop::Error& error) {
        // A message may quote outside text (a file name, a DICOM tag): no terminal escapes.
        std::fprintf(stderr, "error: %s\n",
                     segloop::SafeFileName::printable(error.what(), true).c_str());
        return kExitFailed;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n",
                     segloop::SafeFileName::printable(error.what(), true).c_str());
        return kExitFailed;
    }
}
