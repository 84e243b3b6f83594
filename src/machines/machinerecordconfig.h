#pragma once

#include "records.h"
#include "sshconfigfile.h"
#include "sshmachineconfig.h"

#include <QString>

namespace Proto {

// Translates between the store's MachineRecord and the ssh module's SshMachineConfig.
// MachineRecord.options carries what has no column: "hostKeyPolicy" ("prompt", "strict",
// "accept-new"), "knownHostsPath", "sshDirectory", "useAgent", "allowPassword",
// "connectTimeoutMs", "keepaliveIntervalMs", "keepaliveCountMax", "moreIdentityFiles" (array),
// "identitiesOnly", "moreKnownHostsPaths" (array), "hostKeyAlias", "hashKnownHosts",
// "proxyCommand", "certificateFiles" (array), "identityAgent", "ciphers", "kexAlgorithms",
// "hostKeyAlgorithms".
// The jump hosts (ProxyJump form) are the record's jumpHost column.
namespace MachineRecordConfig {

SshMachineConfig toSshConfig(const MachineRecord &record);
// The fields of `config` written into `record` (id, name, created and VNC left as they are).
void applySshConfig(const SshMachineConfig &config, MachineRecord *record);

QString policyName(SshMachineConfig::HostKeyPolicy policy);
// False for an unknown name (*policy untouched).
bool policyFromName(const QString &name, SshMachineConfig::HostKeyPolicy *policy);

// Parses "USER@HOST[:PORT]", "HOST", "[v6::addr]:PORT". Empty on success, else the problem.
QString parseSshTarget(const QString &text, QString *user, QString *host, quint16 *port);
// Parses "HOST:PORT" (a VNC endpoint). Empty on success, else the problem.
QString parseHostPort(const QString &text, QString *host, int *port);

// A record for a Host alias of ~/.ssh/config (name = alias, kind "ssh").
MachineRecord fromSshConfigHost(const SshConfigHost &host);

// Empty when the record can be saved, else what is wrong with it (name, host, port, VNC).
QString validate(const MachineRecord &record);

} // namespace MachineRecordConfig
} // namespace Proto
