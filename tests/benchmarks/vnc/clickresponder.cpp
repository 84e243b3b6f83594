#include "clickresponder.h"

#include <QDeadlineTimer>

#include <X11/Xlib.h>
#include <poll.h>

ClickResponder::~ClickResponder()
{
    stop();
}

unsigned int ClickResponder::colourFor(int clicks)
{
    static const unsigned int colours[] = { 0x204080, 0xe04020, 0x20c040, 0xf0f0f0, 0x8020a0 };
    return colours[clicks % 5];
}

bool ClickResponder::start(const QString &display, const QRect &rect)
{
    Display *d = XOpenDisplay(display.toLocal8Bit().constData());
    if (!d)
        return false;
    XSetWindowAttributes attrs {};
    attrs.override_redirect = True;
    attrs.background_pixel = colourFor(0);
    attrs.event_mask = ButtonPressMask | ExposureMask;
    const Window w = XCreateWindow(d, DefaultRootWindow(d), rect.x(), rect.y(), unsigned(rect.width()),
        unsigned(rect.height()), 0, CopyFromParent, InputOutput, CopyFromParent,
        CWOverrideRedirect | CWBackPixel | CWEventMask, &attrs);
    XMapRaised(d, w);
    XSync(d, False);
    m_stop = false;
    m_thread = std::thread([this, d, w, rect] { run(d, w, rect); });
    return true;
}

void ClickResponder::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void ClickResponder::run(void *display, unsigned long window, QRect rect)
{
    Display *d = static_cast<Display *>(display);
    GC gc = XCreateGC(d, window, 0, nullptr);
    while (!m_stop) {
        pollfd fd { ConnectionNumber(d), POLLIN, 0 };
        ::poll(&fd, 1, 50);
        while (XPending(d) > 0) {
            XEvent ev;
            XNextEvent(d, &ev);
            if (ev.type == ButtonPress)
                m_clicks.fetch_add(1);
            if (ev.type == ButtonPress || ev.type == Expose) {
                XSetForeground(d, gc, colourFor(m_clicks.load()));
                XFillRectangle(d, window, gc, 0, 0, unsigned(rect.width()), unsigned(rect.height()));
                XFlush(d);
            }
        }
    }
    XFreeGC(d, gc);
    XDestroyWindow(d, window);
    XCloseDisplay(d);
}
