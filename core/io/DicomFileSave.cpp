#include "core/io/DicomFileSave.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/Error.h"
#include "core/io/PrivateFiles.h"
#include "dcmtk/dcmdata/dcfilefo.h"

namespace segloop {

void saveDicomFileAtomically(DcmFileFormat& file, const std::string& path,
                             E_TransferSyntax transferSyntax) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path target(path);
    const std::string tempPath =
        (target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                 std::to_string(getpid()) + "-" + std::to_string(counter++)))
            .string();
    auto fail = [&](const std::string& problem) {
        std::error_code ignored;
        std::filesystem::remove(tempPath, ignored);
        throw Error(path, problem);
    };
    // Created here first (0600, O_EXCL|O_NOFOLLOW: no link planted at the name is followed),
    // then filled by DCMTK, which keeps the file's mode.
    try {
        ::close(PrivateFiles::createFile(tempPath));
    } catch (const Error& failure) {
        throw Error(path, failure.problem());  // "cannot create: <reason>"
    }
    const bool original = transferSyntax == EXS_Unknown;
    const OFCondition saved = file.saveFile(
        tempPath.c_str(), original ? file.getDataset()->getOriginalXfer() : transferSyntax,
        EET_ExplicitLength, EGL_withoutGL, EPD_noChange, 0, 0,
        original ? EWM_createNewMeta : EWM_fileformat);
    if (saved.bad()) {
        fail(std::string("cannot write (") + saved.text() + ")");
    }
    const int fd = ::open(tempPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const std::string problem = std::strerror(errno);
        if (fd >= 0) {
            ::close(fd);
        }
        fail("cannot flush to disk (" + problem + ")");
    }
    ::close(fd);
    if (std::rename(tempPath.c_str(), path.c_str()) != 0) {
        fail(std::string("cannot move the finished file into place (") + std::strerror(errno) +
             ")");
    }
}

}  // namespace segloop
