#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace deepterra {

// The recently opened projects and data files, most recent first, kept in QSettings, and the
// File > Open Recent menu that lists them.
class RecentFiles : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxFiles = 10;

    explicit RecentFiles(QObject *parent = nullptr);

    void add(const QString &path);
    QStringList files() const;
    void clear();
    // Fills `menu` with the files (numbered, with shortcuts 1-9) each time it is about to show.
    void attach(QMenu *menu);

Q_SIGNALS:
    void fileChosen(const QString &path);

private:
    void fill(QMenu *menu);
};

} // namespace deepterra
