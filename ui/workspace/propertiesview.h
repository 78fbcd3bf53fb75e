#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace deepterra {

// The facts `deepterra-cli info` reports for the selected layer, as a tree of readable rows
// (ReportRows). The inspection runs
// on a worker thread; the view shows "Reading…" until it arrives, or the error that stopped it.
class PropertiesView : public QWidget
{
    Q_OBJECT

public:
    explicit PropertiesView(QWidget *parent = nullptr);

    void showLoading(const QString &title);
    void showReport(const QString &title, const QJsonObject &report);
    void showError(const QString &title, const QString &message);
    // A remark above the facts, such as why the layer is not drawn; empty hides it.
    void setNote(const QString &note);
    QTreeWidget *tree() const { return m_tree; }

private:
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_note = nullptr;
    QTreeWidget *m_tree = nullptr;
};

} // namespace deepterra
