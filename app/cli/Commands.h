#pragma once

#include <vector>

#include "app/cli/CommandLine.h"

namespace segloop::cli {

/// A CLI command: its spec (for parsing and --help) and what it does. run() returns an exit
/// code; it throws segloop::Error for failures, which main() prints as one line.
struct Command {
    CommandSpec spec;
    int (*run)(const ParsedArguments& arguments);
};

Command initCommand();
Command importCommand();
Command listCommand();
Command infoCommand();
Command classesCommand();
Command exportCommand();
Command exportNiftiCommand();
Command trainCommand();
Command predictCommand();
Command evaluateCommand();
Command trainQualityCommand();
Command scoreCommand();
Command reviewQueueCommand();
Command reviewCommand();
Command revertCommand();
Command pacsCommand();
Command logCommand();
Command reportCommand();
Command exportModelCommand();
Command importModelCommand();
Command backupCommand();
Command restoreCommand();

/// `predict --model BUNDLE INPUT... --out FOLDER`: labels files with a model bundle, without a
/// project (ModelBundleCommands.cpp); `predict` runs it when --out is given.
int runPredictFiles(const ParsedArguments& arguments);

/// Every command, in the order `--help` lists them.
std::vector<Command> allCommands();

}  // namespace segloop::cli
