#pragma once

#include <stdexcept>
#include <string>

namespace segloop {

/// A failure that a user can act on: names the file (or object) and the problem in one line,
/// e.g. "scan.nii.gz: voxel data is truncated (got 1024 of 252000 bytes)". Every reader and
/// writer in SegLoop throws this (or a subclass) for bad input; what() is ready to print.
class Error : public std::runtime_error {
  public:
    Error(const std::string& subject, const std::string& problem)
        : std::runtime_error(subject.empty() ? problem : subject + ": " + problem),
          subject_(subject),
          problem_(problem) {}

    const std::string& subject() const { return subject_; }
    const std::string& problem() const { return problem_; }

  private:
    std::string subject_;
    std::string problem_;
};

/// The user (or a progress callback) asked a long job to stop. Not an error to report loudly.
class Cancelled : public std::runtime_error {
  public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace segloop
