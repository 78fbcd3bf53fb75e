#pragma once

#include <QString>

namespace deepterra {

// The Olinda demo project. In a build tree it is opened where it lies, beside the sources; installed,
// it lies under share/deepterra, which the user cannot write, and training writes its runs beside the
// project. So an installed demo is opened from a copy in the user's data folder, made once and kept:
// the user's runs in it survive reopening the demo and uninstalling Deepterra.
class DemoProject
{
public:
    // The demo as shipped: <bin>/../share/deepterra/demo once installed, else the source tree's.
    static QString shippedPath();
    // The project to open: shippedPath() in a build tree, else a copy under userFolder(). Empty, with
    // `error` naming the file and the cause, when the copy cannot be made.
    static QString openablePath(QString *error);
    // <app data>/demo, e.g. ~/.local/share/Deepterra/Deepterra/demo.
    static QString userFolder();
    // Copies every file of the shipped project's folder that `folder` does not have yet (files already
    // there, the user's changes, are kept) and returns the copied project's path; empty with `error`
    // set on failure.
    static QString copyInto(const QString &shippedProject, const QString &folder, QString *error);
};

} // namespace deepterra
