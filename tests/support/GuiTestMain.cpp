// main() of every GUI test binary: a QApplication (with an OpenGL 3.2 core default surface, as VTK
// and the ImGui OpenGL3 backend need) around GoogleTest. Run under
// `xvfb-run -a -s '-screen 0 1280x800x24'` (scripts/test.sh does).
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <QApplication>
#include <QSurfaceFormat>

#include <gtest/gtest.h>

namespace {

bool onlyListsTests(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--gtest_list_tests") == 0)
            return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    // Listing the tests (ctest's discovery) needs no display. Asked before InitGoogleTest,
    // which removes the flags it knows from argv.
    const bool listing = onlyListsTests(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    if (listing)
        return RUN_ALL_TESTS();
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr &&
        std::getenv("QT_QPA_PLATFORM") == nullptr) {
        std::fprintf(stderr,
                     "GUI tests need a display: run them under "
                     "xvfb-run -a -s '-screen 0 1280x800x24' (scripts/test.sh does)\n");
        return 1;
    }

    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setSwapInterval(0);
    QSurfaceFormat::setDefaultFormat(format);
    QApplication::setAttribute(Qt::AA_ShareOpenGLContexts);

    QApplication application(argc, argv);
    return RUN_ALL_TESTS();
}
