#pragma once

#include <QByteArray>
#include <QString>

namespace Proto {

// The wire format of a persistent bash: each command goes to the shell's stdin as a here-document
// read into a variable and run with eval (so a syntax error in it cannot swallow what follows),
// with stdin from /dev/null; after it the shell prints a record that ends the command's output:
//
//     \x1f PROTO_<nonce> \x1f <status> \x1f <shell pid> \x1f <$PWD> \x1f <$PATH> \x1e
//
// The nonce is new for every command and never shown to the model, so output cannot end a
// command early by printing a record. Output before the record is the command's, byte for byte;
// output held back is at most one record's length (a record may arrive split anywhere).
class ShellFraming final
{
public:
    struct Record
    {
        int status = -1;
        qint64 pid = 0;
        QString directory;
        QString path;
    };

    static QByteArray newNonce(); // 32 random hex digits

    // What to write to the shell for one command. cdFirst, when not empty, is entered before the
    // command runs (the shell had left the folder it must stay in).
    static QByteArray wrap(const QString &command, const QByteArray &nonce, const QString &cdFirst = {});

    explicit ShellFraming(const QByteArray &nonce);

    // Takes the shell's output; returns the part that is the command's own (none of the record).
    // Once the record is complete, isDone() is true and what came after it is in rest().
    QByteArray feed(const QByteArray &data);
    bool isDone() const { return m_done; }
    bool isMalformed() const { return m_malformed; } // a record was found but its fields are not
    const Record &record() const { return m_record; }
    QByteArray rest() const { return m_rest; }

private:
    QByteArray m_marker; // "\x1fPROTO_<nonce>\x1f"
    QByteArray m_pending; // bytes that may be the start of the marker
    QByteArray m_recordBytes; // after the marker, until \x1e
    bool m_inRecord = false;
    bool m_done = false;
    bool m_malformed = false;
    Record m_record;
    QByteArray m_rest;
};

} // namespace Proto
