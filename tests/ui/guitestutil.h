#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

namespace ProtoTest {

// Runs handler on the first modal widget of type T that appears within timeoutMs (dialogs opened
// with exec() block the test, so the handler must be armed before the action is triggered).
// *handled is set once it ran.
template<typename T>
void onModal(std::function<void(T *)> handler, bool *handled, int timeoutMs = 5000)
{
    *handled = false;
    auto timer = new QTimer(qApp);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, qApp, [timer, clock, handler, handled, timeoutMs] {
        if (auto *w = qobject_cast<T *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            *handled = true;
            handler(w);
            return;
        }
        if (clock->elapsed() > timeoutMs) {
            timer->stop();
            timer->deleteLater();
            if (QWidget *modal = QApplication::activeModalWidget())
                modal->close(); // do not hang the test on an unexpected dialog
        }
    });
    timer->start();
}

} // namespace ProtoTest
