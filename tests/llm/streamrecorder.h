#pragma once

#include "llmstream.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QStringList>
#include <QTest>

// Records every signal of an LlmStream in order, for the client tests.
class StreamRecorder final : public QObject
{
public:
    explicit StreamRecorder(Proto::LlmStream *stream)
        : m_stream(stream)
    {
        using S = Proto::LlmStream;
        connect(stream, &S::retrying, this, [this](int attempt, int delayMs, const Proto::LlmError &reason) {
            log << QStringLiteral("retrying %1 %2").arg(attempt).arg(Proto::LlmError::kindName(reason.kind));
            retryDelays << delayMs;
        });
        connect(stream, &S::started, this, [this](const QString &id, const QString &model) {
            log << QStringLiteral("started %1 %2").arg(id, model);
        });
        connect(stream, &S::blockStarted, this, [this](int index, const QJsonObject &block) {
            log << QStringLiteral("blockStarted %1 %2").arg(index).arg(block.value(u"type").toString());
        });
        connect(stream, &S::textDelta, this, [this](int index, const QString &text) {
            log << QStringLiteral("text %1").arg(index);
            texts[index] += text;
        });
        connect(stream, &S::thinkingDelta, this, [this](int index, const QString &text) {
            log << QStringLiteral("thinking %1").arg(index);
            texts[index] += text;
        });
        connect(stream, &S::toolInputDelta, this, [this](int index, const QString &json) {
            log << QStringLiteral("toolInput %1").arg(index);
            texts[index] += json;
        });
        connect(stream, &S::blockFinished, this, [this](int index, const QJsonObject &block) {
            log << QStringLiteral("blockFinished %1").arg(index);
            blocks << block;
        });
        connect(stream, &S::messageDelta, this, [this](const QString &stopReason, const Proto::LlmUsage &) {
            log << QStringLiteral("messageDelta %1").arg(stopReason);
        });
        connect(stream, &S::finished, this,
            [this](const QJsonObject &message, const QString &stopReason, const Proto::LlmUsage &usage) {
                log << QStringLiteral("finished %1").arg(stopReason);
                finalMessage = message;
                finalUsage = usage;
                ++ends;
            });
        connect(stream, &S::failed, this, [this](const Proto::LlmError &e) {
            log << QStringLiteral("failed %1").arg(Proto::LlmError::kindName(e.kind));
            error = e;
            ++ends;
        });
        connect(stream, &S::cancelled, this, [this] {
            log << QStringLiteral("cancelled");
            ++ends;
        });
    }

    bool waitForEnd(int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        while (ends == 0 && timer.elapsed() < timeoutMs)
            QTest::qWait(5);
        return ends > 0;
    }

    // The log without the per-delta entries of kind `drop` (to compare shapes).
    QStringList compactLog() const
    {
        QStringList out;
        for (const QString &line : log) {
            if (out.isEmpty() || out.last() != line)
                out << line;
        }
        return out;
    }

    Proto::LlmStream *m_stream;
    QStringList log;
    QList<int> retryDelays;
    QHash<int, QString> texts;
    QList<QJsonObject> blocks;
    QJsonObject finalMessage;
    Proto::LlmUsage finalUsage;
    Proto::LlmError error;
    int ends = 0;
};
