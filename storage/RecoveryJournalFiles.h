#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/ProjectLayout.h"
#include "storage/RecoveryJournal.h"

namespace segloop {

/// Where and how recovery journals (RecoveryJournal.h) live in a project folder:
///
///   <project>/recovery/                          owner-only folder (0700)
///   <project>/recovery/volume-<id>.journal       the journal a window writes for an open case
///   <project>/recovery/volume-<id>.later-<ms>.journal   one the user chose to decide on later
///   <project>/recovery/volume-<id>.journal.corrupt-<ms> one that could not be read, kept aside
///   <project>/recovery/.volume-<id>.journal.tmp-<pid>-...  a write in progress
///
/// A journal is written whole under a temporary name (0600, core/io/PrivateFiles: no link is
/// followed), flushed, renamed over the old one and the folder flushed: after a crash a journal
/// is the previous one or the new one, never a mix. Functions throw segloop::Error naming the file
/// and the system's reason; thread-safe (no shared state).
namespace recovery_files {

std::string folder(const ProjectLayout& layout);
/// The journal a window writes for volume `volumeId`.
std::string journalPath(const ProjectLayout& layout, int64_t volumeId);

/// Writes `journal` atomically at `path` (owner read/write only), creating the folder.
void write(const std::string& path, const RecoveryJournal& journal);
/// Reads and checks a journal file; Error names the file (decodeJournal's problems, or the
/// system's reason it cannot be read).
RecoveryJournal read(const std::string& path);
/// Removes a journal; a missing one is fine. Throws when it exists and cannot be removed.
void remove(const std::string& path);

/// Journals of one volume (its own and those put off for later), newest first.
std::vector<std::string> journalsOf(const ProjectLayout& layout, int64_t volumeId);
/// Volumes that have at least one journal, ascending.
std::vector<int64_t> volumesWithJournals(const ProjectLayout& layout);

/// Renames a journal to `<name>.later-<now ms>.journal` so that the window's next journal of
/// that volume does not replace it; returns the new path.
std::string putOffForLater(const std::string& path);
/// Renames an unreadable journal to `<path>.corrupt-<now ms>` (no longer offered, kept for a
/// person to look at); returns the new path.
std::string setAside(const std::string& path);

/// Removes temporary files of writes whose process is gone (a crash while writing); returns
/// how many. Never throws.
int removeOrphanTemporaries(const ProjectLayout& layout) noexcept;

}  // namespace recovery_files

}  // namespace segloop
