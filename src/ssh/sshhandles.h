#pragma once

#include <libssh/libssh.h>
#include <libssh/sftp.h>
#include <memory>

// RAII owners for libssh handles. Channels and SFTP handles must be released before the
// session that made them.
namespace Proto::SshHandles {

struct SessionDeleter
{
    void operator()(ssh_session s) const
    {
        if (ssh_is_connected(s))
            ssh_disconnect(s);
        ssh_free(s);
    }
};
struct ChannelDeleter
{
    void operator()(ssh_channel c) const { ssh_channel_free(c); }
};
struct SftpDeleter
{
    void operator()(sftp_session s) const { sftp_free(s); }
};
struct SftpFileDeleter
{
    void operator()(sftp_file f) const { sftp_close(f); }
};
struct SftpDirDeleter
{
    void operator()(sftp_dir d) const { sftp_closedir(d); }
};
struct SftpAttributesDeleter
{
    void operator()(sftp_attributes a) const { sftp_attributes_free(a); }
};
struct KeyDeleter
{
    void operator()(ssh_key k) const { ssh_key_free(k); }
};
struct EventDeleter
{
    void operator()(ssh_event e) const { ssh_event_free(e); }
};

using Session = std::unique_ptr<ssh_session_struct, SessionDeleter>;
using Channel = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using Sftp = std::unique_ptr<sftp_session_struct, SftpDeleter>;
using SftpFile = std::unique_ptr<sftp_file_struct, SftpFileDeleter>;
using SftpDir = std::unique_ptr<sftp_dir_struct, SftpDirDeleter>;
using SftpAttributes = std::unique_ptr<sftp_attributes_struct, SftpAttributesDeleter>;
using Key = std::unique_ptr<ssh_key_struct, KeyDeleter>;
using Event = std::unique_ptr<ssh_event_struct, EventDeleter>;

} // namespace Proto::SshHandles
