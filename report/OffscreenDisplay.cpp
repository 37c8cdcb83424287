// The X display check of ChartRenderer, apart from VTK: Xlib's macros (None, Bool, Status)
// must not meet VTK's headers.
#include <cstdlib>
#include <string>

#include <X11/Xlib.h>

#include "report/ChartImage.h"

namespace segloop::report {

bool offscreenDisplayAvailable(std::string* why) {
    const char* name = std::getenv("DISPLAY");
    if (name == nullptr || *name == '\0') {
        if (why != nullptr) {
            *why =
                "drawing charts needs an X display (this VTK renders off screen through GLX "
                "only, without EGL or OSMesa) and DISPLAY is not set: run under a virtual "
                "one, e.g. `xvfb-run -a segloop-cli report ...`";
        }
        return false;
    }
    Display* display = XOpenDisplay(nullptr);
    if (display == nullptr) {
        if (why != nullptr) {
            *why = std::string("drawing charts needs an X display and DISPLAY=") + name +
                   " cannot be opened: run under a virtual one, e.g. `xvfb-run -a`";
        }
        return false;
    }
    XCloseDisplay(display);
    return true;
}

}  // namespace segloop::report
