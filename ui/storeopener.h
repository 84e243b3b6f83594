#pragma once

#include <QString>

#include <memory>

class QWidget;

namespace Proto {

class Store;

// Opens the store at path. When that fails (corrupt file, locked, written by a newer version,
// read-only, missing folder), tells the user what happened, naming the file, and offers to
// retry, to open another data folder or to quit. The file that failed is never changed.
// Returns null when the user quits. Choosing another folder sets PROTO_DESKTOP_HOME for this
// process, so Store::dataDirectory() agrees with the store in use.
std::unique_ptr<Store> openStoreInteractively(const QString &path, QWidget *parent = nullptr);

} // namespace Proto
