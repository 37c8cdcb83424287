#pragma once

#include <vector>

#include "core/jobs/Progress.h"
#include "core/pacs/DicomNode.h"
#include "core/pacs/PacsQuery.h"

namespace segloop {

/// Searches a node with C-FIND (Study Root information model), one association per search.
/// Texts come back in UTF-8 whatever character set the node answers in.
///
/// Progress: "Searching" (matches so far, total 0 = unknown) after each match. When it returns
/// false the search is cancelled cleanly (C-CANCEL, then the node's final answer) and
/// TransferCancelled is thrown. Errors are segloop::Error naming the node: invalid query, node
/// down, association rejected, timeout, a failure status (with its code).
class DicomFindScu {
  public:
    explicit DicomFindScu(DicomNode node);

    /// Studies matching `query` (its series keys are ignored), in the node's order.
    std::vector<PacsStudy> findStudies(const PacsQuery& query, Progress* progress = nullptr) const;

    /// Series matching `query`, in the node's order. Give `studyInstanceUid` for nodes that
    /// only search one study's series; the patient and study keys other than the study UID are
    /// sent only when set (strict nodes refuse upper-level keys in a series search).
    std::vector<PacsSeries> findSeries(const PacsQuery& query, Progress* progress = nullptr) const;

  private:
    DicomNode node_;
};

}  // namespace segloop
