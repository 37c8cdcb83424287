#pragma once

#include "core/pacs/DicomNode.h"

namespace segloop {

/// Verifies that a node answers (C-ECHO): opens an association, sends one C-ECHO, releases.
/// Returns normally when the node answered with success; throws segloop::Error naming the node
/// and the problem otherwise (nothing listening, wrong AE title, association rejected,
/// timeout, a failure status). Blocks the calling thread for at most about the node's connect
/// plus DIMSE timeouts.
void echoDicomNode(const DicomNode& node);

}  // namespace segloop
