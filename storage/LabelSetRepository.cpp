#include "storage/LabelSetRepository.h"

#include <set>

#include "core/Error.h"
#include "storage/AuditLog.h"
#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

LabelSetRepository::LabelSetRepository(Database& database, std::string userName)
    : database_(database), userName_(std::move(userName)) {}

int64_t LabelSetRepository::create(const std::string& name,
                                   const std::vector<LabelClass>& classes) {
    const std::string subject = "label set '" + name + "'";
    if (name.empty()) {
        throw Error("label set", "a label set needs a name");
    }
    std::set<uint16_t> indices;
    std::set<std::string> names;
    for (const LabelClass& labelClass : classes) {
        if (labelClass.index == 0) {
            throw Error(subject, "class 0 is the background and cannot be named");
        }
        if (!indices.insert(labelClass.index).second) {
            throw Error(subject, "class " + std::to_string(labelClass.index) + " is listed twice");
        }
        if (labelClass.name.empty() || !names.insert(labelClass.name).second) {
            throw Error(subject,
                        "class names must be present and distinct ('" + labelClass.name + "')");
        }
    }
    if (findByName(name)) {
        throw Error(subject, "a label set of that name is already in the project");
    }
    Transaction transaction(database_);
    Statement(database_, "INSERT INTO label_sets (name, created_at) VALUES (?, ?)")
        .bindAll(name, utcTimestampNow())
        .run();
    const int64_t labelSetId = database_.lastInsertRowId();
    Statement insert(database_,
                     "INSERT INTO label_classes (label_set_id, class_index, name, colour_red, "
                     "colour_green, colour_blue) VALUES (?,?,?,?,?,?)");
    for (const LabelClass& labelClass : classes) {
        insert.reset();
        insert.bindAll(labelSetId, int64_t{labelClass.index}, labelClass.name,
                       int64_t{labelClass.colourRgb[0]}, int64_t{labelClass.colourRgb[1]},
                       int64_t{labelClass.colourRgb[2]});
        insert.run();
    }
    AuditLog(database_, userName_)
        .append("create label set", "label set " + std::to_string(labelSetId),
                {{"name", name}, {"classes", std::to_string(classes.size())}});
    transaction.commit();
    return labelSetId;
}

std::vector<LabelSet> LabelSetRepository::query(const std::string& whereClause,
                                                const std::optional<int64_t>& id,
                                                const std::optional<std::string>& name) {
    Statement sets(database_,
                   "SELECT id, name, created_at FROM label_sets " + whereClause + " ORDER BY id");
    if (id) {
        sets.bind(1, *id);
    } else if (name) {
        sets.bind(1, *name);
    }
    std::vector<LabelSet> result;
    while (sets.step()) {
        result.push_back({sets.columnInt64(0), sets.columnText(1), {}, sets.columnText(2)});
    }
    Statement classes(database_,
                      "SELECT class_index, name, colour_red, colour_green, colour_blue "
                      "FROM label_classes WHERE label_set_id = ? ORDER BY class_index");
    for (LabelSet& labelSet : result) {
        classes.reset();
        classes.bind(1, labelSet.id);
        while (classes.step()) {
            labelSet.classes.push_back({static_cast<uint16_t>(classes.columnInt64(0)),
                                        classes.columnText(1),
                                        {static_cast<uint8_t>(classes.columnInt64(2)),
                                         static_cast<uint8_t>(classes.columnInt64(3)),
                                         static_cast<uint8_t>(classes.columnInt64(4))}});
        }
    }
    return result;
}

std::optional<LabelSet> LabelSetRepository::find(int64_t labelSetId) {
    auto sets = query("WHERE id = ?", labelSetId, std::nullopt);
    return sets.empty() ? std::nullopt : std::optional<LabelSet>(sets.front());
}

std::optional<LabelSet> LabelSetRepository::findByName(const std::string& name) {
    auto sets = query("WHERE name = ?", std::nullopt, name);
    return sets.empty() ? std::nullopt : std::optional<LabelSet>(sets.front());
}

LabelSet LabelSetRepository::get(int64_t labelSetId) {
    auto labelSet = find(labelSetId);
    if (!labelSet) {
        throw Error("label set " + std::to_string(labelSetId), "no such label set in the project");
    }
    return *labelSet;
}

std::vector<LabelSet> LabelSetRepository::list() {
    return query("", std::nullopt, std::nullopt);
}

}  // namespace segloop
