#include "computerview.h"

#include "computercanvas.h"
#include "vncclient.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace Proto {

ComputerView::ComputerView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fit = new QToolButton(this);
    m_fit->setCheckable(true);
    m_fit->setChecked(true);
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Scale the screen to the panel, or show it pixel for pixel"));
    m_takeOver = new QToolButton(this);
    m_takeOver->setCheckable(true);
    m_takeOver->setText(tr("Take over"));
    m_takeOver->setToolTip(tr("Use your mouse and keyboard on this computer; the agent's view stays live"));
    m_takeOver->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(m_title, 1);
    bar->addWidget(m_fit);
    bar->addWidget(m_takeOver);
    layout->addLayout(bar);

    m_scroll = new QScrollArea(this);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setWidgetResizable(true);
    m_canvas = new ComputerCanvas;
    m_scroll->setWidget(m_canvas);
    layout->addWidget(m_scroll, 1);

    m_status = new QWidget(this);
    m_status->setAutoFillBackground(true);
    auto *statusLayout = new QVBoxLayout(m_status);
    m_statusLabel = new QLabel(m_status);
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setAlignment(Qt::AlignCenter);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reconnect = new QPushButton(tr("Reconnect"), m_status);
    statusLayout->addStretch();
    statusLayout->addWidget(m_statusLabel);
    statusLayout->addWidget(m_reconnect, 0, Qt::AlignHCenter);
    statusLayout->addStretch();

    connect(m_fit, &QToolButton::toggled, this, &ComputerView::setFitToWindow);
    connect(m_takeOver, &QToolButton::toggled, this, &ComputerView::setControlTaken);
    connect(m_reconnect, &QPushButton::clicked, this, [this] {
        if (m_client)
            m_client->reconnect();
    });
    updateStatus();
}

ComputerView::~ComputerView()
{
    if (m_client && m_canvas->controlEnabled()) {
        disconnect(m_client, nullptr, this, nullptr);
        m_client->setPersonInControl(false); // the person's hands leave with the view
    }
}

void ComputerView::setClient(VncClient *client)
{
    if (m_client) {
        if (m_canvas->controlEnabled())
            m_client->setPersonInControl(false);
        disconnect(m_client, nullptr, this, nullptr);
    }
    m_client = client;
    m_canvas->setClient(client);
    if (client) {
        connect(client, &VncClient::stateChanged, this, &ComputerView::updateStatus);
        connect(client, &VncClient::errorOccurred, this, &ComputerView::updateStatus);
        connect(client, &VncClient::frameUpdated, this, [this] {
            if (m_status->isVisible())
                updateStatus();
        });
        // The state lives on the client: another view of the same screen may change it.
        connect(client, &VncClient::personControlChanged, this, &ComputerView::setControlTaken);
        connect(client, &QObject::destroyed, this, [this] {
            m_canvas->setClient(nullptr);
            updateStatus();
        });
    }
    setControlTaken(client && client->personInControl());
    updateStatus();
}

void ComputerView::setFitToWindow(bool fit)
{
    m_fit->setChecked(fit);
    m_scroll->setWidgetResizable(fit);
    m_canvas->setFitToWindow(fit);
    if (!fit)
        m_canvas->adjustSize();
}

bool ComputerView::fitToWindow() const
{
    return m_canvas->fitToWindow();
}

void ComputerView::setControlTaken(bool taken)
{
    if (taken && (!m_client || !m_client->isConnected()))
        taken = false;
    const bool changed = taken != m_canvas->controlEnabled();
    m_canvas->setControlEnabled(taken);
    if (m_client)
        m_client->setPersonInControl(taken); // the agent's computer tool waits while it is set
    {
        const QSignalBlocker block(m_takeOver);
        m_takeOver->setChecked(taken);
    }
    m_takeOver->setText(taken ? tr("Give back") : tr("Take over"));
    if (changed)
        Q_EMIT controlTakenChanged(taken);
}

bool ComputerView::controlTaken() const
{
    return m_canvas->controlEnabled();
}

QString ComputerView::statusText() const
{
    return m_statusLabel->text();
}

bool ComputerView::statusVisible() const
{
    return !m_status->isHidden();
}

void ComputerView::updateStatus()
{
    QString text;
    bool canReconnect = false;
    if (!m_client) {
        text = tr("No computer connected.");
    } else {
        const QString where = QStringLiteral("%1:%2").arg(m_client->host()).arg(m_client->port());
        m_title->setText(m_client->desktopName().isEmpty() ? where : m_client->desktopName());
        switch (m_client->state()) {
        case Vnc::State::Connected:
            if (m_client->screenshot().isNull())
                text = tr("Waiting for the first picture from %1…").arg(where);
            break;
        case Vnc::State::Connecting:
            text = tr("Connecting to %1…").arg(where);
            break;
        case Vnc::State::Reconnecting:
            text = tr("Connection lost, reconnecting…\n%1").arg(m_client->errorString());
            canReconnect = true;
            break;
        case Vnc::State::Failed:
            text = m_client->errorString().isEmpty() ? tr("Could not connect to %1.").arg(where)
                                                     : m_client->errorString();
            canReconnect = true;
            break;
        case Vnc::State::Disconnected:
            text = tr("Disconnected from %1.").arg(where);
            canReconnect = true;
            break;
        }
        if (m_client->state() != Vnc::State::Connected && m_canvas->controlEnabled())
            setControlTaken(false);
    }
    m_statusLabel->setText(text);
    m_reconnect->setVisible(canReconnect);
    m_takeOver->setEnabled(m_client && m_client->isConnected());
    m_status->setVisible(!text.isEmpty());
    layoutStatus();
}

void ComputerView::layoutStatus()
{
    m_status->setGeometry(m_scroll->geometry());
    m_status->raise();
}

void ComputerView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutStatus();
}

} // namespace Proto
