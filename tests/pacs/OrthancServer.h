// A real Orthanc on loopback for the PACS tests: free ports, a temporary configuration and
// storage, started per test and stopped (its whole process group) when the test ends, also
// when it fails. Header-only, as each tests/pacs/*Test.cpp is its own binary.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/pacs/DicomNode.h"
#include "core/pacs/DicomWebServer.h"
#include "pacs/LoopbackPorts.h"
#include "pacs/PacsTestSupport.h"
#include "support/TestPaths.h"

namespace segloop::test {

inline const char* orthancBinary() {
    return "/usr/sbin/Orthanc";
}

/// The DICOMweb plugin of Debian's orthanc-dicomweb, or "" when it is not installed.
inline std::string orthancDicomWebPlugin() {
    for (const char* path : {"/usr/share/orthanc/plugins/libOrthancDicomWeb.so",
                             "/usr/lib/orthanc/libOrthancDicomWeb.so"}) {
        if (std::filesystem::exists(path)) {
            return path;
        }
    }
    return {};
}

/// How a test wants its Orthanc.
struct OrthancOptions {
    bool acceptCompressed = true;  ///< false: C-STORE takes little endian uncompressed only
};

/// One Orthanc process on loopback, for one test. Its DICOM AE title is kAeTitle; it knows
/// SegLoop as kOurAeTitle at 127.0.0.1:ourPort() (the C-MOVE destination), rejects unknown
/// calling AE titles and wrong called AE titles, and serves DICOMweb under /dicom-web.
class OrthancServer {
  public:
    static constexpr const char* kAeTitle = "ORTHANC_TEST";
    static constexpr const char* kOurAeTitle = "SEGLOOP";

    explicit OrthancServer(OrthancOptions options = {})
        : dicomPort_(freeTcpPort()), httpPort_(freeTcpPort()), ourPort_(freeTcpPort()) {
        const std::string plugin = orthancDicomWebPlugin();
        const std::string configPath = folder_.file("orthanc.json");
        std::ofstream config(configPath);
        config << "{\n"
               << "  \"Name\": \"SegLoopTest\",\n"
               << "  \"StorageDirectory\": \"" << folder_.file("storage") << "\",\n"
               << "  \"IndexDirectory\": \"" << folder_.file("index") << "\",\n"
               << "  \"DicomAet\": \"" << kAeTitle << "\",\n"
               << "  \"DicomPort\": " << dicomPort_ << ",\n"
               << "  \"HttpPort\": " << httpPort_ << ",\n"
               << "  \"RemoteAccessAllowed\": false,\n"
               << "  \"AuthenticationEnabled\": false,\n"
               << "  \"DicomCheckCalledAet\": true,\n"
               << "  \"DicomAlwaysAllowEcho\": false,\n"
               << "  \"DicomAlwaysAllowStore\": false,\n"
               << "  \"DicomAlwaysAllowFind\": false,\n"
               << "  \"DicomAlwaysAllowGet\": false,\n"
               << "  \"DicomAlwaysAllowMove\": false,\n"
               << "  \"DicomModalities\": { \"segloop\": [\"" << kOurAeTitle
               << "\", \"127.0.0.1\", " << ourPort_ << "] },\n"
               << "  \"DicomScpTimeout\": 10,\n"
               << "  \"DicomScuTimeout\": 10,\n"
               << "  \"DicomThreadsCount\": 2,\n"
               << "  \"HttpThreadsCount\": 4,\n"
               << "  \"SaveJobs\": false,\n"
               << "  \"StorageCompression\": false,\n"
               << (options.acceptCompressed
                       ? ""
                       : "  \"AcceptedTransferSyntaxes\": [\"1.2.840.10008.1.2\", "
                         "\"1.2.840.10008.1.2.1\"],\n")
               << "  \"Plugins\": [" << (plugin.empty() ? "" : "\"" + plugin + "\"") << "],\n"
               << "  \"DicomWeb\": { \"Enable\": true, \"Root\": \"/dicom-web/\" }\n"
               << "}\n";
        config.close();
        start(configPath);
    }

    ~OrthancServer() { stop(); }
    OrthancServer(const OrthancServer&) = delete;
    OrthancServer& operator=(const OrthancServer&) = delete;

    /// The node as SegLoop sees it, with short timeouts for tests.
    DicomNode node() const {
        DicomNode node;
        node.aeTitle = kAeTitle;
        node.host = "127.0.0.1";
        node.port = dicomPort_;
        node.localAeTitle = kOurAeTitle;
        node.localPort = ourPort_;
        node.connectTimeoutSeconds = 5;
        node.dimseTimeoutSeconds = 15;
        return node;
    }

    DicomWebServer web() const {
        DicomWebServer server;
        server.baseUrl = "http://127.0.0.1:" + std::to_string(httpPort_) + "/dicom-web/";
        server.connectTimeoutSeconds = 5;
        server.stallTimeoutSeconds = 15;
        return server;
    }

    int httpPort() const { return httpPort_; }
    int ourPort() const { return ourPort_; }

    /// The last lines Orthanc logged, for failure messages.
    std::string logTail() const {
        std::ifstream in(folder_.file("orthanc.log"));
        std::stringstream text;
        text << in.rdbuf();
        const std::string all = text.str();
        return all.size() > 3000 ? all.substr(all.size() - 3000) : all;
    }

  private:
    void start(const std::string& configPath) {
        const std::string logPath = folder_.file("orthanc.log");
        std::vector<std::string> arguments = {orthancBinary(), "--no-jobs", configPath};
        std::vector<char*> argv;
        for (std::string& argument : arguments) {
            argv.push_back(argument.data());
        }
        argv.push_back(nullptr);
        // Orthanc's DCMTK turns Nagle's algorithm off when told so: without it each C-STORE
        // sub-operation of a C-MOVE waits about 90 ms for a delayed ACK.
        std::vector<std::string> environment = {"TCP_NODELAY=1"};
        for (char** variable = environ; *variable != nullptr; ++variable) {
            if (std::strncmp(*variable, "TCP_NODELAY=", 12) != 0) {
                environment.emplace_back(*variable);
            }
        }
        std::vector<char*> envp;
        for (std::string& variable : environment) {
            envp.push_back(variable.data());
        }
        envp.push_back(nullptr);
        pid_ = ::fork();
        if (pid_ == 0) {  // the child: only async-signal-safe calls until exec
            ::setpgid(0, 0);
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
            const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(log, 1);
            ::dup2(log, 2);
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        if (pid_ < 0) {
            throw std::runtime_error("cannot fork Orthanc");
        }
        ::setpgid(pid_, pid_);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("Orthanc stopped at start-up:\n" + logTail());
            }
            if (httpStatusLine(httpPort_, "/system").find(" 200") != std::string::npos &&
                portAnswers(dicomPort_)) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        stop();
        throw std::runtime_error("Orthanc did not answer on HTTP /system within 30 s:\n" +
                                 logTail());
    }

    /// Kills the whole process group at once: its data is thrown away with the temporary
    /// folder, and a graceful SIGTERM costs Orthanc about 4 s a test.
    void stop() {
        if (pid_ <= 0) {
            return;
        }
        ::kill(-pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    TempDir folder_;
    int dicomPort_;
    int httpPort_;
    int ourPort_;
    pid_t pid_ = -1;
};

}  // namespace segloop::test

/// Skips the test, with the reason, when Orthanc or the shared MR series is not there.
#define SEGLOOP_REQUIRE_ORTHANC()                                                           \
    do {                                                                                    \
        if (!std::filesystem::exists(segloop::test::orthancBinary())) {                     \
            GTEST_SKIP() << "Orthanc is not installed (" << segloop::test::orthancBinary()  \
                         << "): apt-get install orthanc orthanc-dicomweb";                  \
        }                                                                                   \
        if (!std::filesystem::is_directory(segloop::test::hippoSeries("13_HCropVolume"))) { \
            GTEST_SKIP() << "the shared MR series is absent ("                              \
                         << segloop::test::hippoSeries("13_HCropVolume") << ")";            \
        }                                                                                   \
    } while (false)
