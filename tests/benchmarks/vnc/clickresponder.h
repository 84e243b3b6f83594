#pragma once

#include <QRect>
#include <QString>

#include <atomic>
#include <thread>

// An X window on its own thread that switches to the next colour whenever it is clicked: the
// "application" whose reaction the action-to-stable-screenshot benchmark waits for.
class ClickResponder
{
public:
    ClickResponder() = default;
    ~ClickResponder();
    ClickResponder(const ClickResponder &) = delete;
    ClickResponder &operator=(const ClickResponder &) = delete;

    bool start(const QString &display, const QRect &rect);
    void stop();
    static unsigned int colourFor(int clicks); // 0xRRGGBB shown after that many clicks
    int clicks() const { return m_clicks.load(); }

private:
    void run(void *display, unsigned long window, QRect rect);

    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    std::atomic<int> m_clicks { 0 };
};
