#include "render/ImGuiQtBridge.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_internal.h>

namespace segloop::render {

namespace {

// ImGui 1.86 keeps keys in io.KeysDown[512] indexed by the platform's own key codes, mapped
// through io.KeyMap. Printable keys use their ASCII code; the rest these codes above 255.
enum SpecialKey : int {
    kKeyTab = 256,
    kKeyLeft,
    kKeyRight,
    kKeyUp,
    kKeyDown,
    kKeyPageUp,
    kKeyPageDown,
    kKeyHome,
    kKeyEnd,
    kKeyInsert,
    kKeyDelete,
    kKeyBackspace,
    kKeyEnter,
    kKeyEscape,
    kKeyKeypadEnter
};

int keyIndexOf(const QKeyEvent& event) {
    switch (event.key()) {
        case Qt::Key_Tab:
            return kKeyTab;
        case Qt::Key_Left:
            return kKeyLeft;
        case Qt::Key_Right:
            return kKeyRight;
        case Qt::Key_Up:
            return kKeyUp;
        case Qt::Key_Down:
            return kKeyDown;
        case Qt::Key_PageUp:
            return kKeyPageUp;
        case Qt::Key_PageDown:
            return kKeyPageDown;
        case Qt::Key_Home:
            return kKeyHome;
        case Qt::Key_End:
            return kKeyEnd;
        case Qt::Key_Insert:
            return kKeyInsert;
        case Qt::Key_Delete:
            return kKeyDelete;
        case Qt::Key_Backspace:
            return kKeyBackspace;
        case Qt::Key_Return:
            return kKeyEnter;
        case Qt::Key_Enter:
            return event.modifiers().testFlag(Qt::KeypadModifier) ? kKeyKeypadEnter : kKeyEnter;
        case Qt::Key_Escape:
            return kKeyEscape;
        default:
            break;
    }
    const int key = event.key();
    if (key >= Qt::Key_Space && key <= Qt::Key_AsciiTilde)
        return key;  // Qt uses ASCII here
    return -1;
}

void mapKeys(ImGuiIO& io) {
    io.KeyMap[ImGuiKey_Tab] = kKeyTab;
    io.KeyMap[ImGuiKey_LeftArrow] = kKeyLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kKeyRight;
    io.KeyMap[ImGuiKey_UpArrow] = kKeyUp;
    io.KeyMap[ImGuiKey_DownArrow] = kKeyDown;
    io.KeyMap[ImGuiKey_PageUp] = kKeyPageUp;
    io.KeyMap[ImGuiKey_PageDown] = kKeyPageDown;
    io.KeyMap[ImGuiKey_Home] = kKeyHome;
    io.KeyMap[ImGuiKey_End] = kKeyEnd;
    io.KeyMap[ImGuiKey_Insert] = kKeyInsert;
    io.KeyMap[ImGuiKey_Delete] = kKeyDelete;
    io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
    io.KeyMap[ImGuiKey_Space] = ' ';
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
    io.KeyMap[ImGuiKey_KeyPadEnter] = kKeyKeypadEnter;
    io.KeyMap[ImGuiKey_A] = 'A';
    io.KeyMap[ImGuiKey_C] = 'C';
    io.KeyMap[ImGuiKey_V] = 'V';
    io.KeyMap[ImGuiKey_X] = 'X';
    io.KeyMap[ImGuiKey_Y] = 'Y';
    io.KeyMap[ImGuiKey_Z] = 'Z';
}

int mouseButtonIndex(Qt::MouseButton button) {
    switch (button) {
        case Qt::LeftButton:
            return 0;
        case Qt::RightButton:
            return 1;
        case Qt::MiddleButton:
            return 2;
        default:
            return -1;
    }
}

void setModifiers(ImGuiIO& io, Qt::KeyboardModifiers modifiers) {
    io.KeyCtrl = modifiers.testFlag(Qt::ControlModifier);
    io.KeyShift = modifiers.testFlag(Qt::ShiftModifier);
    io.KeyAlt = modifiers.testFlag(Qt::AltModifier);
    io.KeySuper = modifiers.testFlag(Qt::MetaModifier);
}

}  // namespace

ImGuiQtBridge::ImGuiQtBridge() {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // panels are placed by code, nothing to remember
    io.LogFilename = nullptr;
    io.BackendPlatformName = "segloop_qt";
    mapKeys(io);
    ImGui::StyleColorsDark();
    ImGui::SetCurrentContext(previous ? previous : context_);
    frameClock_.start();
}

ImGuiQtBridge::~ImGuiQtBridge() {
    // The owner calls shutdownGl() while its GL context is current; without one the GL objects
    // go with the context.
    ImGui::DestroyContext(context_);
}

void ImGuiQtBridge::makeCurrent() const {
    ImGui::SetCurrentContext(context_);
}

void ImGuiQtBridge::initializeGl() {
    makeCurrent();
    if (glInitialized_)
        ImGui_ImplOpenGL3_Shutdown();
    glInitialized_ = ImGui_ImplOpenGL3_Init("#version 150");
}

void ImGuiQtBridge::shutdownGl() {
    if (!glInitialized_)
        return;
    makeCurrent();
    ImGui_ImplOpenGL3_Shutdown();
    glInitialized_ = false;
}

void ImGuiQtBridge::beginFrame(QSize logicalSize, double devicePixelRatio) {
    makeCurrent();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize =
        ImVec2(static_cast<float>(logicalSize.width()), static_cast<float>(logicalSize.height()));
    const auto scale = static_cast<float>(devicePixelRatio);
    io.DisplayFramebufferScale = ImVec2(scale, scale);
    const qint64 elapsedNs = frameClock_.nsecsElapsed();
    frameClock_.restart();
    io.DeltaTime = elapsedNs > 0 ? static_cast<float>(elapsedNs * 1e-9) : 1.0f / 60.0f;
    if (io.DeltaTime <= 0.0f)
        io.DeltaTime = 1e-6f;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
}

void ImGuiQtBridge::endFrame() {
    makeCurrent();
    ImGui::Render();
}

bool ImGuiQtBridge::layoutPending() const {
    for (const ImGuiWindow* window : context_->Windows) {
        if (window->Active &&
            (window->HiddenFramesCannotSkipItems > 0 || window->HiddenFramesCanSkipItems > 0)) {
            return true;
        }
    }
    return false;
}

void ImGuiQtBridge::renderDrawData() {
    makeCurrent();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool ImGuiQtBridge::mouseMoved(const QMouseEvent& event) {
    makeCurrent();
    ImGuiIO& io = ImGui::GetIO();
    const QPointF position = event.position();
    io.MousePos = ImVec2(static_cast<float>(position.x()), static_cast<float>(position.y()));
    return io.WantCaptureMouse;
}

bool ImGuiQtBridge::mouseButton(const QMouseEvent& event, bool pressed) {
    mouseMoved(event);
    ImGuiIO& io = ImGui::GetIO();
    setModifiers(io, event.modifiers());
    const int index = mouseButtonIndex(event.button());
    // A release always reaches ImGui so that no button stays stuck down.
    if (index >= 0 && (pressed ? io.WantCaptureMouse : true))
        io.MouseDown[index] = pressed;
    return io.WantCaptureMouse;
}

bool ImGuiQtBridge::wheelTurned(const QWheelEvent& event) {
    makeCurrent();
    ImGuiIO& io = ImGui::GetIO();
    const QPointF position = event.position();
    io.MousePos = ImVec2(static_cast<float>(position.x()), static_cast<float>(position.y()));
    if (!io.WantCaptureMouse)
        return false;
    // One notch is 120 eighths of a degree; ImGui counts notches.
    io.MouseWheel += static_cast<float>(event.angleDelta().y()) / 120.0f;
    io.MouseWheelH += static_cast<float>(event.angleDelta().x()) / 120.0f;
    return true;
}

bool ImGuiQtBridge::key(const QKeyEvent& event, bool pressed) {
    makeCurrent();
    ImGuiIO& io = ImGui::GetIO();
    setModifiers(io, event.modifiers());
    const int index = keyIndexOf(event);
    if (index >= 0 && index < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) {
        io.KeysDown[index] = pressed && io.WantCaptureKeyboard;
    }
    if (pressed && io.WantTextInput && !event.text().isEmpty()) {
        const QChar first = event.text().front();
        if (first.isPrint())
            io.AddInputCharactersUTF8(event.text().toUtf8().constData());
    }
    return io.WantCaptureKeyboard;
}

void ImGuiQtBridge::pointerLeft() {
    makeCurrent();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

bool ImGuiQtBridge::wantsMouse() const {
    makeCurrent();
    return ImGui::GetIO().WantCaptureMouse;
}

bool ImGuiQtBridge::wantsKeyboard() const {
    makeCurrent();
    return ImGui::GetIO().WantCaptureKeyboard;
}

}  // namespace segloop::render
