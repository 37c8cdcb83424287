#include "workflow/BundleArchive.h"

#include <unzip.h>
#include <zip.h>

#include <ctime>
#include <filesystem>
#include <memory>

#include "core/Error.h"
#include "core/io/SafeFileName.h"

namespace segloop {
namespace {

/// The zip's time stamp of each member: now, local time (what zip tools show).
zip_fileinfo memberInfo() {
    zip_fileinfo info{};
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    info.tmz_date.tm_sec = uInt(local.tm_sec);
    info.tmz_date.tm_min = uInt(local.tm_min);
    info.tmz_date.tm_hour = uInt(local.tm_hour);
    info.tmz_date.tm_mday = uInt(local.tm_mday);
    info.tmz_date.tm_mon = uInt(local.tm_mon);
    info.tmz_date.tm_year = uInt(local.tm_year + 1900);
    info.external_fa = 0644u << 16;  // -rw-r--r-- for unzip on Unix
    return info;
}

struct ZipCloser {
    void operator()(void* file) const { zipClose(file, nullptr); }
};
struct UnzipCloser {
    void operator()(void* file) const { unzClose(file); }
};

void writeMembers(zipFile zip, const std::string& path, const std::vector<ArchiveMember>& members) {
    for (const ArchiveMember& member : members) {
        const zip_fileinfo info = memberInfo();
        const bool large = member.bytes.size() >= 0xffffffffu;
        if (zipOpenNewFileInZip64(zip, member.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                  Z_DEFLATED, Z_DEFAULT_COMPRESSION, large ? 1 : 0) != ZIP_OK) {
            throw Error(path, "cannot add " + member.name + " to the zip file");
        }
        size_t written = 0;
        while (written < member.bytes.size()) {
            const unsigned chunk =
                unsigned(std::min<size_t>(member.bytes.size() - written, 1u << 30));
            if (zipWriteInFileInZip(zip, member.bytes.data() + written, chunk) != ZIP_OK)
                throw Error(path,
                            "cannot write " + member.name + " into the zip file (disk full?)");
            written += chunk;
        }
        if (zipCloseFileInZip(zip) != ZIP_OK)
            throw Error(path, "cannot finish " + member.name + " in the zip file");
    }
}

}  // namespace

void writeZipArchive(const std::string& path, const std::vector<ArchiveMember>& members) {
    const std::string temporary = path + ".partial";
    std::error_code error;
    std::filesystem::remove(temporary, error);
    {
        zipFile opened = zipOpen64(temporary.c_str(), APPEND_STATUS_CREATE);
        if (!opened)
            throw Error(path, "cannot create the file (missing folder or no permission?)");
        std::unique_ptr<void, ZipCloser> zip(opened);
        try {
            writeMembers(opened, path, members);
        } catch (...) {
            zip.reset();
            std::filesystem::remove(temporary, error);
            throw;
        }
        const int closed = zipClose(zip.release(), nullptr);
        if (closed != ZIP_OK) {
            std::filesystem::remove(temporary, error);
            throw Error(path, "cannot finish the zip file (disk full?)");
        }
    }
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw Error(path, "cannot move the file into place (" + error.message() + ")");
    }
}

std::map<std::string, std::string> readZipArchive(const std::string& path,
                                                  size_t maximumMemberBytes) {
    if (!std::filesystem::is_regular_file(path))
        throw Error(path, "no such file");
    unzFile opened = unzOpen64(path.c_str());
    if (!opened)
        throw Error(path, "is not a zip file (a model bundle is one)");
    std::unique_ptr<void, UnzipCloser> zip(opened);
    std::map<std::string, std::string> members;
    for (int status = unzGoToFirstFile(opened); status != UNZ_END_OF_LIST_OF_FILE;
         status = unzGoToNextFile(opened)) {
        if (status != UNZ_OK)
            throw Error(path, "the zip file's directory is damaged");
        unz_file_info64 info{};
        char name[512] = {};
        if (unzGetCurrentFileInfo64(opened, &info, name, sizeof name - 1, nullptr, 0, nullptr, 0) !=
            UNZ_OK) {
            throw Error(path, "the zip file's directory is damaged");
        }
        if (!SafeFileName::isPlain(name)) {  // "../evil", "/etc/x", "a/b", "C:\\x", ".hidden"
            throw Error(path, "member '" + SafeFileName::printable(name) +
                                  "' would be unpacked outside its folder (a bundle holds "
                                  "plain file names only); the zip file is refused");
        }
        if (info.uncompressed_size > maximumMemberBytes)
            throw Error(path, std::string("member ") + name + " is too large");
        if (members.count(name))
            throw Error(path, std::string("holds two members named ") + name);
        std::string bytes(size_t(info.uncompressed_size), '\0');
        if (unzOpenCurrentFile(opened) != UNZ_OK)
            throw Error(path, std::string("cannot read member ") + name);
        size_t read = 0;
        while (read < bytes.size()) {
            const unsigned chunk = unsigned(std::min<size_t>(bytes.size() - read, 1u << 30));
            const int got = unzReadCurrentFile(opened, bytes.data() + read, chunk);
            if (got <= 0)
                break;
            read += size_t(got);
        }
        const int closed = unzCloseCurrentFile(opened);  // UNZ_CRCERROR on a bad checksum
        if (read != bytes.size() || closed != UNZ_OK)
            throw Error(path, std::string("member ") + name + " is damaged (truncated or bad CRC)");
        members[name] = std::move(bytes);
    }
    return members;
}

}  // namespace segloop
