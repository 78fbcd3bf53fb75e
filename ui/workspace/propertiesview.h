#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace deepterra {

// The facts `deepterra-cli info` reports for the selected layer, as a tree of readable rows
// (ReportRows). The inspection runs on a worker thread; the view shows "Reading…" until it
// arrives, or the error that stopped it.
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

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // The labels' column as wide as its text, but never so wide that the values go out of sight
    // (a NetCDF variable's name can be 50 characters). A width the user dragged is kept until
    // the next layer's facts.
    void fitLabelColumn();

    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_note = nullptr;
    QTreeWidget *m_tree = nullptr;
    bool m_fitting = false; // the column is being sized here, not by the user
    bool m_userSized = false;
};

} // namespace deepterra
