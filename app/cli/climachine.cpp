#include "climachine.h"

#include "cliprinter.h"
#include "commandjob.h"
#include "machinerecordconfig.h"
#include "machineregistry.h"
#include "secretstore.h"
#include "sshconnection.h"
#include "sshmachine.h"
#include "store.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("proto-cli", text);
}

const char *const MachineUsage = R"(usage:
  proto-cli machine add NAME --ssh USER@HOST[:PORT] [--identity FILE] [--jump USER@HOST[:PORT][,...]]
                [--accept-new-host-key | --strict-host-key] [--vnc HOST:PORT [--vnc-via-ssh]]
  proto-cli machine list [--json]
  proto-cli machine remove NAME
  proto-cli machine test NAME
  proto-cli machine import [--config FILE]
Host keys: unknown keys are asked about on the terminal (refused when stdin is not one) unless
--accept-new-host-key; a CHANGED key is always refused. --jump: jump hosts (as ProxyJump),
the first hop first; each hop's host key is checked the same way. Exit status: 0 done, 1 failed, 2 bad usage.
)";

int usage(const QString &message)
{
    CliPrinter::writeErr(QStringLiteral("proto-cli: ") + message);
    std::fputs(MachineUsage, stderr);
    return 2;
}

int fail(const QString &message)
{
    CliPrinter::writeErr(QStringLiteral("proto-cli: ") + message);
    return 1;
}

std::unique_ptr<Store> openStore()
{
    QDir().mkpath(Store::dataDirectory());
    Store::OpenResult result = Store::open(Store::defaultPath());
    if (!result.store)
        CliPrinter::writeErr(QStringLiteral("proto-cli: ") + result.message);
    return std::move(result.store);
}

QString readLine(bool echo)
{
    termios saved {};
    const bool restore = !echo && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (restore) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
        line.push_back(c);
    if (restore)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    QString text = QString::fromLocal8Bit(line.data(), qsizetype(line.size()));
    if (text.endsWith(u'\r'))
        text.chop(1);
    return text;
}

void ask(const QString &question)
{
    std::fputs(question.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

QString describe(const MachineRecord &record)
{
    if (record.kind == QLatin1String("local"))
        return tr("this computer");
    QString text = (record.user.isEmpty() ? QString() : record.user + u'@') + record.host;
    if (record.port != 22)
        text += u':' + QString::number(record.port);
    return text;
}

int add(QStringList args)
{
    if (args.isEmpty() || args.first().startsWith(QLatin1String("--")))
        return usage(tr("machine add needs a NAME"));
    MachineRecord record;
    record.name = args.takeFirst();
    record.kind = QStringLiteral("ssh");
    QString target;
    QString vnc;
    SshMachineConfig::HostKeyPolicy policy = SshMachineConfig::HostKeyPolicy::Prompt;
    bool policyGiven = false;
    while (!args.isEmpty()) {
        QString arg = args.takeFirst();
        QString value;
        const qsizetype eq = arg.indexOf(u'=');
        if (arg.startsWith(QLatin1String("--")) && eq > 0) {
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
        } else if (arg == QLatin1String("--ssh") || arg == QLatin1String("--identity")
            || arg == QLatin1String("--vnc") || arg == QLatin1String("--jump")) {
            if (args.isEmpty())
                return usage(tr("%1 needs a value").arg(arg));
            value = args.takeFirst();
        }
        if (arg == QLatin1String("--ssh")) {
            target = value;
        } else if (arg == QLatin1String("--identity")) {
            const QFileInfo info(value);
            if (!info.isFile() || !info.isReadable())
                return fail(tr("The identity file %1 does not exist or cannot be read.").arg(value));
            record.identityFile = info.absoluteFilePath();
        } else if (arg == QLatin1String("--vnc")) {
            vnc = value;
        } else if (arg == QLatin1String("--jump")) {
            SshMachineConfig jumps;
            jumps.proxyJump = value;
            QString jumpError;
            if (jumps.jumpHops(&jumpError).isEmpty())
                return usage(jumpError.isEmpty() ? tr("--jump needs USER@HOST[:PORT][,...]") : jumpError);
            record.jumpHost = value.trimmed();
        } else if (arg == QLatin1String("--vnc-via-ssh")) {
            record.vncViaSsh = true;
        } else if (arg == QLatin1String("--accept-new-host-key")
            || arg == QLatin1String("--strict-host-key")) {
            if (policyGiven)
                return usage(tr("give either --accept-new-host-key or --strict-host-key"));
            policyGiven = true;
            policy = arg == QLatin1String("--strict-host-key") ? SshMachineConfig::HostKeyPolicy::Strict
                                                               : SshMachineConfig::HostKeyPolicy::AcceptNew;
        } else {
            return usage(tr("unknown option %1").arg(arg));
        }
    }
    if (target.isEmpty())
        return usage(tr("machine add needs --ssh USER@HOST[:PORT]"));
    quint16 port = 22;
    QString problem = MachineRecordConfig::parseSshTarget(target, &record.user, &record.host, &port);
    if (!problem.isEmpty())
        return usage(problem);
    record.port = port;
    if (!vnc.isEmpty()) {
        problem = MachineRecordConfig::parseHostPort(vnc, &record.vncHost, &record.vncPort);
        if (!problem.isEmpty())
            return usage(problem);
    } else if (record.vncViaSsh) {
        return usage(tr("--vnc-via-ssh needs --vnc HOST:PORT"));
    }
    record.options.insert(QStringLiteral("hostKeyPolicy"), MachineRecordConfig::policyName(policy));

    auto store = openStore();
    if (!store)
        return 1;
    MachineRegistry registry(store.get());
    QString error;
    if (registry.save(record, &error).isEmpty())
        return fail(error);
    std::printf("%s\n", qPrintable(tr("Added machine %1 (%2).").arg(record.name, describe(record))));
    return 0;
}

int list(const QStringList &args)
{
    const bool json = args == QStringList { QStringLiteral("--json") };
    if (!args.isEmpty() && !json)
        return usage(tr("machine list takes no arguments besides --json"));
    auto store = openStore();
    if (!store)
        return 1;
    MachineRegistry registry(store.get());
    const QList<MachineRecord> records = registry.records();
    for (const MachineRecord &record : records) {
        const QString policy = record.kind == QLatin1String("ssh")
            ? MachineRecordConfig::policyName(MachineRecordConfig::toSshConfig(record).hostKeyPolicy)
            : QString();
        const QString vnc = record.vncHost.isEmpty() ? QString()
                                                     : record.vncHost + u':' + QString::number(record.vncPort)
                + (record.vncViaSsh ? tr(" (through SSH)") : QString());
        if (json) {
            const QJsonObject o { { QStringLiteral("id"), record.id },
                { QStringLiteral("name"), record.name }, { QStringLiteral("kind"), record.kind },
                { QStringLiteral("host"), record.host }, { QStringLiteral("port"), record.port },
                { QStringLiteral("user"), record.user }, { QStringLiteral("identity"), record.identityFile },
                { QStringLiteral("hostKeyPolicy"), policy }, { QStringLiteral("vncHost"), record.vncHost },
                { QStringLiteral("vncPort"), record.vncPort },
                { QStringLiteral("vncViaSsh"), record.vncViaSsh },
                { QStringLiteral("jump"), record.jumpHost } };
            std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
            continue;
        }
        QString line
            = QStringLiteral("%1  %2  %3").arg(record.name, -16).arg(record.kind, -5).arg(describe(record));
        if (!record.identityFile.isEmpty())
            line += tr("  key %1").arg(record.identityFile);
        if (!record.jumpHost.isEmpty())
            line += tr("  via %1").arg(record.jumpHost);
        if (!policy.isEmpty())
            line += tr("  host key: %1").arg(policy);
        if (!vnc.isEmpty())
            line += tr("  VNC %1").arg(vnc);
        std::printf("%s\n", qPrintable(line));
    }
    return 0;
}

int remove(const QStringList &args)
{
    if (args.size() != 1)
        return usage(tr("machine remove takes one NAME"));
    auto store = openStore();
    if (!store)
        return 1;
    MachineRegistry registry(store.get());
    SecretStore secrets;
    registry.setSecretStore(&secrets); // forgets a remembered password
    const auto record = registry.find(args.first());
    QString error;
    if (!registry.remove(args.first(), &error))
        return fail(error);
    CliMachine::waitKeychain(&registry);
    std::printf("%s\n", qPrintable(tr("Removed machine %1.").arg(record->name)));
    return 0;
}

int test(const QStringList &args)
{
    if (args.size() != 1)
        return usage(tr("machine test takes one NAME"));
    auto store = openStore();
    if (!store)
        return 1;
    MachineRegistry registry(store.get());
    CliPrompter prompter;
    registry.setPrompter(&prompter);
    SecretStore secrets;
    registry.setSecretStore(&secrets);
    const auto record = registry.find(args.first());
    if (!record)
        return fail(tr("There is no machine named \"%1\" (see proto-cli machine list).").arg(args.first()));
    QString error;
    Machine *machine = registry.machine(record->id, &error);
    if (!machine)
        return fail(error);
    const bool connected = CliMachine::waitConnected(machine, 60000, &error);
    CliMachine::waitKeychain(&registry);
    if (!connected)
        return fail(tr("%1: %2").arg(record->name, error));

    CommandSpec spec;
    spec.command = QStringLiteral("uname -a");
    spec.timeoutMs = 20000;
    std::unique_ptr<CommandJob> job(machine->run(spec));
    QByteArray out;
    QByteArray err;
    QEventLoop loop;
    QObject::connect(
        job.get(), &CommandJob::stdoutData, &loop, [&out](const QByteArray &data) { out += data; });
    QObject::connect(
        job.get(), &CommandJob::stderrData, &loop, [&err](const QByteArray &data) { err += data; });
    QObject::connect(job.get(), &CommandJob::finished, &loop, &QEventLoop::quit);
    if (!job->isFinished())
        loop.exec();
    if (job->error() != MachineJob::Error::None)
        return fail(
            tr("%1: connected, but uname -a could not run: %2").arg(record->name, job->errorString()));
    if (job->exitCode() != 0)
        return fail(tr("%1: connected, but uname -a exited with %2: %3")
                .arg(record->name)
                .arg(job->exitCode())
                .arg(QString::fromUtf8(err).trimmed()));
    std::printf("%s\n", qPrintable(tr("%1: connected to %2").arg(record->name, describe(*record))));
    std::printf("%s\n", QString::fromUtf8(out).trimmed().toLocal8Bit().constData());
    return 0;
}

int import(QStringList args)
{
    QString path;
    if (args.size() == 2 && args.first() == QLatin1String("--config"))
        path = args.at(1);
    else if (!args.isEmpty())
        return usage(tr("machine import takes only --config FILE"));
    auto store = openStore();
    if (!store)
        return 1;
    MachineRegistry registry(store.get());
    QString error;
    QStringList skipped;
    const QList<MachineRecord> candidates = registry.importCandidates(path, &error, &skipped);
    if (!error.isEmpty())
        return fail(error);
    int added = 0;
    for (const MachineRecord &candidate : candidates) {
        QString problem;
        if (registry.save(candidate, &problem).isEmpty()) {
            CliPrinter::writeErr(tr("proto-cli: skipped %1: %2").arg(candidate.name, problem));
            continue;
        }
        ++added;
        std::printf("%s\n", qPrintable(tr("Imported %1 (%2).").arg(candidate.name, describe(candidate))));
    }
    for (const QString &name : std::as_const(skipped))
        std::printf("%s\n", qPrintable(tr("Skipped %1: a machine of that name exists.").arg(name)));
    std::printf("%s\n",
        qPrintable(QCoreApplication::translate("proto-cli", "%n machine(s) imported.", nullptr, added)));
    return 0;
}

} // namespace

void CliPrompter::askHostKey(
    const QString &machineName, SshConnection *connection, const SshHostKeyPrompt &prompt)
{
    const QString where
        = prompt.port == 22 ? prompt.host : QStringLiteral("[%1]:%2").arg(prompt.host).arg(prompt.port);
    const QString about
        = tr("The authenticity of %1 (machine %2) cannot be established.\n%3 key fingerprint is %4.")
              .arg(where, machineName, prompt.keyType, prompt.fingerprint);
    if (!::isatty(STDIN_FILENO)) {
        CliPrinter::writeErr(about);
        CliPrinter::writeErr(tr("proto-cli: not trusting it: stdin is not a terminal to ask on. Check the "
                                "fingerprint, then run proto-cli from a terminal, or add the machine with "
                                "--accept-new-host-key."));
        connection->answerHostKey(prompt.id, false);
        return;
    }
    ask(about + u'\n' + tr("Trust it and add it to %1? (yes/no): ").arg(prompt.knownHostsPath));
    for (;;) {
        const QString answer = readLine(true).trimmed().toLower();
        if (answer == QLatin1String("yes") || answer == QLatin1String("no") || answer.isEmpty()) {
            connection->answerHostKey(prompt.id, answer == QLatin1String("yes"));
            return;
        }
        ask(tr("Please type \"yes\" or \"no\": "));
    }
}

void CliPrompter::askSecret(
    const QString &machineName, QObject *, const MachineSecretRequest &request, SecretReply reply)
{
    const SshSecretPrompt &prompt = request.prompt;
    const bool password = prompt.kind == SshSecretPrompt::Kind::Password;
    if (request.rememberedWasWrong)
        CliPrinter::writeErr(password
                ? tr("proto-cli: the password for %1 remembered in the keychain was refused.")
                      .arg(machineName)
                : tr("proto-cli: the passphrase for the key %1 remembered in the keychain "
                     "was refused.")
                      .arg(prompt.keyPath));
    if (!::isatty(STDIN_FILENO)) {
        CliPrinter::writeErr(tr("proto-cli: %1 asks for a %2 and stdin is not a terminal to ask on.")
                .arg(machineName, password ? tr("password") : tr("key passphrase")));
        reply({});
        return;
    }
    QString question = prompt.prompt;
    if (question.isEmpty())
        question = password ? tr("%1@%2's password").arg(prompt.user, prompt.host)
                            : tr("Enter passphrase for key %1").arg(prompt.keyPath);
    if (prompt.attempt > 1 && !request.rememberedWasWrong)
        ask(tr("That was not right, try again.\n"));
    ask(question.trimmed()
        + (question.trimmed().endsWith(u':') ? QStringLiteral(" ") : QStringLiteral(": ")));
    MachineSecretAnswer answer;
    answer.given = true;
    answer.secret = readLine(false);
    if (request.canRemember) {
        ask(request.rememberedWasWrong ? tr("Replace the one in the keychain with it? (yes/no) [yes]: ")
                                       : tr("Remember it in the keychain? (yes/no) [no]: "));
        const QString yes = readLine(true).trimmed().toLower();
        answer.remember = yes.isEmpty() ? request.rememberedWasWrong
                                        : (yes == QLatin1String("yes") || yes == QLatin1String("y"));
    }
    reply(answer);
}

namespace CliMachine {

bool waitConnected(Machine *machine, int timeoutMs, QString *error)
{
    auto settled = [machine] {
        return machine->state() == Machine::State::Connected || machine->state() == Machine::State::Failed;
    };
    if (machine->state() != Machine::State::Connected) {
        QEventLoop loop;
        QObject::connect(machine, &Machine::stateChanged, &loop, [&loop, &settled] {
            if (settled())
                loop.quit();
        });
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        machine->connectToHost();
        if (!settled())
            loop.exec();
    }
    if (machine->state() == Machine::State::Connected)
        return true;
    *error = machine->stateMessage();
    if (error->isEmpty())
        *error = machine->state() == Machine::State::Failed
            ? tr("the connection failed.")
            : tr("no connection after %1 s.").arg(timeoutMs / 1000);
    return false;
}

void waitKeychain(MachineRegistry *registry, int timeoutMs)
{
    if (!registry || !registry->keychainBusy())
        return;
    QEventLoop loop;
    QObject::connect(registry, &MachineRegistry::keychainIdle, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
}

int run(QStringList args)
{
    if (args.isEmpty())
        return usage(tr("machine needs a subcommand: add, list, remove, test or import"));
    const QString sub = args.takeFirst();
    if (sub == QLatin1String("add"))
        return add(args);
    if (sub == QLatin1String("list"))
        return list(args);
    if (sub == QLatin1String("remove"))
        return remove(args);
    if (sub == QLatin1String("test"))
        return test(args);
    if (sub == QLatin1String("import"))
        return import(args);
    if (sub == QLatin1String("--help") || sub == QLatin1String("help")) {
        std::fputs(MachineUsage, stdout);
        return 0;
    }
    return usage(tr("unknown machine subcommand \"%1\"").arg(sub));
}

} // namespace CliMachine
} // namespace Proto
