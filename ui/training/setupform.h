#pragma once

#include "training/setupproblem.h"

#include <QHash>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <functional>

class QFormLayout;
class QFrame;
class QLabel;

namespace deepterra {

// A page of the training set-up: a form whose rows are set-up fields named by their SetupProblem
// key. Each field gets the tooltip from FieldHelp, and under its editor a red message and a red
// frame while the validator finds a problem with it.
class SetupForm : public QWidget
{
    Q_OBJECT

public:
    explicit SetupForm(QWidget *parent = nullptr);

    // Shows each problem next to its field; returns the problems of fields this form does not have
    // (or has hidden), for the summary box. Problems of other fields are cleared.
    QVector<SetupProblem> showProblems(const QVector<SetupProblem> &problems);
    QStringList fields() const { return m_order; }
    QWidget *fieldEditor(const QString &field) const;
    // The message shown under the field; empty when it has none.
    QString problemText(const QString &field) const;
    bool isFieldVisible(const QString &field) const;

Q_SIGNALS:
    // The user changed a setting (never emitted while the form is being filled).
    void edited();

protected:
    void addHeading(const QString &title);
    void addField(const QString &field, const QString &label, QWidget *editor);
    // A row across the form, for what is not a setting (a table, a sub-form).
    void addWideRow(QWidget *widget);
    void setFieldVisible(const QString &field, bool visible);
    // Removes every row, for a form whose fields depend on a choice (the model family).
    void clearFields();
    // While filling widgets from the set-up: their change signals must not count as edits.
    bool isLoading() const { return m_loading > 0; }
    class LoadingGuard
    {
    public:
        explicit LoadingGuard(SetupForm *form)
            : m_form(form)
        {
            ++m_form->m_loading;
        }
        ~LoadingGuard() { --m_form->m_loading; }
        LoadingGuard(const LoadingGuard &) = delete;
        LoadingGuard &operator=(const LoadingGuard &) = delete;

    private:
        SetupForm *m_form;
    };
    // Emits edited() unless the form is loading.
    void noteEdit();
    // A user's edit of the set-up: applies `change` (not while loading), shows the fields that
    // now apply and emits edited().
    void edit(const std::function<void()> &change);
    // Shows the fields that apply to the set-up as it is; `taskChosen` false hides them all.
    virtual void updateVisibility(bool taskChosen) { Q_UNUSED(taskChosen) }

private:
    struct Field
    {
        QWidget *editor = nullptr;
        QFrame *frame = nullptr;
        QLabel *problem = nullptr;
        QWidget *row = nullptr;
    };
    void markProblem(Field &field, const QString &message);

    QFormLayout *m_form;
    QHash<QString, Field> m_fields;
    QStringList m_order;
    int m_loading = 0;
};

} // namespace deepterra
