#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace ProtoTest {

// Runs a handler on the first modal widget of type T that appears while this object lives
// (dialogs opened with exec() block the test, so arm it before triggering the action).
// Destroying it disarms it, so a handler never outlives the test that armed it.
template<typename T>
class ModalHandler final
{
public:
    explicit ModalHandler(std::function<void(T *)> handler, int timeoutMs = 5000)
        : m_handler(std::move(handler))
        , m_timeoutMs(timeoutMs)
    {
        m_clock.start();
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { poll(); });
        m_timer.start();
    }
    ~ModalHandler() { m_timer.stop(); }
    ModalHandler(const ModalHandler &) = delete;
    ModalHandler &operator=(const ModalHandler &) = delete;

    bool handled() const { return m_handled; }

private:
    void poll()
    {
        if (auto *w = qobject_cast<T *>(QApplication::activeModalWidget())) {
            m_timer.stop();
            m_handled = true;
            m_handler(w);
            return;
        }
        if (m_clock.elapsed() > m_timeoutMs) {
            m_timer.stop();
            if (QWidget *modal = QApplication::activeModalWidget())
                modal->close(); // never hang the test on an unexpected dialog
        }
    }

    std::function<void(T *)> m_handler;
    int m_timeoutMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    bool m_handled = false;
};

} // namespace ProtoTest
