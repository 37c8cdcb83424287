#pragma once

// Measures what a user waits for after an input event: from just before the event is sent until
// every RenderViewWidget asked to redraw (renderRequested) has painted (aboutToRender, then
// paintGL) and its native GL window has presented that frame (RenderViewWidget::frameSwapped),
// the GUI event loop running meanwhile as in the application. A view nothing asked to redraw
// is not waited for. Observes the widgets from outside; changes nothing in them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include "ui/viewer/RenderViewWidget.h"

namespace segloop::bench {

/// Samples in milliseconds, summarised as median, 95th percentile (nearest rank) and maximum.
struct Samples {
    std::vector<double> ms;

    double quantile(double q) const {
        if (ms.empty())
            return NAN;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const size_t rank = size_t(std::ceil(q * double(sorted.size())));
        return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
    }
    double median() const { return quantile(0.5); }
    double p95() const { return quantile(0.95); }
    double max() const { return ms.empty() ? NAN : *std::max_element(ms.begin(), ms.end()); }
};

/// One measured redraw: latency from the event to the last affected view's presented frame,
/// and each view's own paintGL time (RenderViewWidget::lastFrameMs) in that frame.
struct Redraw {
    bool complete = false;
    double latencyMs = 0.0;
    std::vector<double> paintMs;  ///< per watched view; NAN for a view that did not paint
    /// Where the latency went, in ms from the event: the event's own handling returned, the
    /// first view began painting, the last watched view finished painting, the first view
    /// presented its frame.
    double handledMs = NAN;
    double firstPaintMs = NAN;
    double lastPaintEndMs = NAN;
    double firstPresentedMs = NAN;
};

class RedrawProbe {
  public:
    explicit RedrawProbe(std::vector<render::RenderViewWidget*> views) : views_(std::move(views)) {
        started_.assign(views_.size(), false);
        requested_.assign(views_.size(), false);
        presentedMs_.assign(views_.size(), -1.0);
        paintMs_.assign(views_.size(), NAN);
        paintStartMs_.assign(views_.size(), NAN);
        timeout_.setSingleShot(true);
        QObject::connect(&timeout_, &QTimer::timeout, &loop_, [this] { loop_.quit(); });
        for (size_t i = 0; i < views_.size(); ++i) {
            QObject::connect(views_[i], &render::RenderViewWidget::aboutToRender, &loop_,
                             [this, i] {
                                 started_[i] = armed_;
                                 if (armed_)
                                     paintStartMs_[i] = nowMs();
                             });
            QObject::connect(views_[i], &render::RenderViewWidget::renderRequested, &loop_,
                             [this, i] { requested_[i] = requested_[i] || armed_; });
            QObject::connect(views_[i], &render::RenderViewWidget::frameSwapped, &loop_,
                             [this, i] { presented(i); });
        }
    }

    /// Sends the event(s) through `trigger` and runs the event loop until every watched view has
    /// presented a frame painted after the trigger began (or `timeoutMs` passed).
    Redraw measure(const std::function<void()>& trigger, int timeoutMs = 5000) {
        std::fill(started_.begin(), started_.end(), false);
        std::fill(requested_.begin(), requested_.end(), false);
        std::fill(presentedMs_.begin(), presentedMs_.end(), -1.0);
        std::fill(paintMs_.begin(), paintMs_.end(), NAN);
        std::fill(paintStartMs_.begin(), paintStartMs_.end(), NAN);
        armed_ = true;
        clock_.start();
        trigger();
        const double handledMs = nowMs();
        if (!allRequestedPresented()) {
            timeout_.start(timeoutMs);
            loop_.exec();
            timeout_.stop();
        }
        armed_ = false;
        Redraw redraw;
        redraw.complete = allRequestedPresented();
        redraw.latencyMs = *std::max_element(presentedMs_.begin(), presentedMs_.end());
        redraw.paintMs = paintMs_;
        redraw.handledMs = handledMs;
        for (size_t i = 0; i < views_.size(); ++i) {
            if (presentedMs_[i] >= 0.0)
                redraw.firstPresentedMs = std::isnan(redraw.firstPresentedMs)
                                              ? presentedMs_[i]
                                              : std::min(redraw.firstPresentedMs, presentedMs_[i]);
            if (std::isnan(paintStartMs_[i]))
                continue;
            redraw.firstPaintMs = std::isnan(redraw.firstPaintMs)
                                      ? paintStartMs_[i]
                                      : std::min(redraw.firstPaintMs, paintStartMs_[i]);
            const double end = paintStartMs_[i] + paintMs_[i];
            redraw.lastPaintEndMs =
                std::isnan(redraw.lastPaintEndMs) ? end : std::max(redraw.lastPaintEndMs, end);
        }
        return redraw;
    }

  private:
    double nowMs() const { return double(clock_.nsecsElapsed()) * 1e-6; }

    void presented(size_t i) {
        if (!armed_ || !started_[i] || presentedMs_[i] >= 0.0)
            return;
        presentedMs_[i] = double(clock_.nsecsElapsed()) * 1e-6;
        paintMs_[i] = views_[i]->lastFrameMs();
        if (allRequestedPresented())
            loop_.quit();
    }

    std::vector<render::RenderViewWidget*> views_;
    /// Every view asked to redraw since the trigger began has presented, and one at least.
    bool allRequestedPresented() const {
        bool any = false;
        for (size_t i = 0; i < views_.size(); ++i) {
            if (requested_[i] && presentedMs_[i] < 0.0)
                return false;
            any = any || presentedMs_[i] >= 0.0;
        }
        return any;
    }

    std::vector<bool> started_;
    std::vector<bool> requested_;
    std::vector<double> presentedMs_;
    std::vector<double> paintMs_;
    std::vector<double> paintStartMs_;
    bool armed_ = false;
    QElapsedTimer clock_;
    QEventLoop loop_;
    QTimer timeout_;
};

}  // namespace segloop::bench
