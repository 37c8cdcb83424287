#include "storage/LabelSetRepository.h"

#include <cstdio>
#include <set>

#include "core/Error.h"
#include "storage/AuditLog.h"
#include "storage/Timestamp.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

std::string subjectOf(const LabelSet& labelSet) {
    return "label set '" + labelSet.name + "'";
}

/// Class `index` of the set; an Error listing the indices it has when it has no such class.
const LabelClass& existingClass(const LabelSet& labelSet, uint16_t index) {
    if (const LabelClass* labelClass = labelSet.findClass(index)) {
        return *labelClass;
    }
    std::string indices;
    for (const LabelClass& labelClass : labelSet.classes) {
        indices += (indices.empty() ? "" : ", ") + std::to_string(labelClass.index);
    }
    throw Error(subjectOf(labelSet), "has no class " + std::to_string(index) + " (it has " +
                                         (indices.empty() ? "none" : indices) + ")");
}

/// Refuses an empty name or the name of a class of the set other than `ownIndex`.
void checkClassName(const LabelSet& labelSet, const std::string& name, uint16_t ownIndex) {
    if (name.empty()) {
        throw Error(subjectOf(labelSet), "a class needs a name");
    }
    for (const LabelClass& labelClass : labelSet.classes) {
        if (labelClass.name == name && labelClass.index != ownIndex) {
            throw Error(subjectOf(labelSet), "already has a class named '" + name + "' (class " +
                                                 std::to_string(labelClass.index) + ")");
        }
    }
}

}  // namespace

std::string colourHex(const std::array<uint8_t, 3>& colourRgb) {
    char text[8];
    std::snprintf(text, sizeof text, "#%02X%02X%02X", unsigned(colourRgb[0]),
                  unsigned(colourRgb[1]), unsigned(colourRgb[2]));
    return text;
}

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

uint16_t LabelSetRepository::addClass(int64_t labelSetId, const std::string& name,
                                      std::array<uint8_t, 3> colourRgb) {
    Transaction transaction(database_);  // the write lock first: the next index stays free
    const LabelSet labelSet = get(labelSetId);
    checkClassName(labelSet, name, 0);
    const uint16_t largest = labelSet.classes.empty() ? 0 : labelSet.classes.back().index;
    if (largest == UINT16_MAX) {
        throw Error(subjectOf(labelSet), "has no free class index for '" + name + "'");
    }
    const auto index = static_cast<uint16_t>(largest + 1);
    Statement(database_,
              "INSERT INTO label_classes (label_set_id, class_index, name, colour_red, "
              "colour_green, colour_blue) VALUES (?,?,?,?,?,?)")
        .bindAll(labelSetId, int64_t{index}, name, int64_t{colourRgb[0]}, int64_t{colourRgb[1]},
                 int64_t{colourRgb[2]})
        .run();
    AuditLog(database_, userName_)
        .append("add label class", "label set " + std::to_string(labelSetId),
                {{"label_set", labelSet.name},
                 {"class", std::to_string(index)},
                 {"name", name},
                 {"colour", colourHex(colourRgb)}});
    transaction.commit();
    return index;
}

void LabelSetRepository::renameClass(int64_t labelSetId, uint16_t index, const std::string& name) {
    Transaction transaction(database_);
    const LabelSet labelSet = get(labelSetId);
    const std::string oldName = existingClass(labelSet, index).name;
    checkClassName(labelSet, name, index);
    if (oldName == name) {
        return;
    }
    Statement(database_,
              "UPDATE label_classes SET name = ? WHERE label_set_id = ? AND class_index = ?")
        .bindAll(name, labelSetId, int64_t{index})
        .run();
    AuditLog(database_, userName_)
        .append("rename label class", "label set " + std::to_string(labelSetId),
                {{"label_set", labelSet.name},
                 {"class", std::to_string(index)},
                 {"old_name", oldName},
                 {"new_name", name}});
    transaction.commit();
}

void LabelSetRepository::recolourClass(int64_t labelSetId, uint16_t index,
                                       std::array<uint8_t, 3> colourRgb) {
    Transaction transaction(database_);
    const LabelSet labelSet = get(labelSetId);
    const std::array<uint8_t, 3> oldColour = existingClass(labelSet, index).colourRgb;
    if (oldColour == colourRgb) {
        return;
    }
    Statement(database_,
              "UPDATE label_classes SET colour_red = ?, colour_green = ?, colour_blue = ? "
              "WHERE label_set_id = ? AND class_index = ?")
        .bindAll(int64_t{colourRgb[0]}, int64_t{colourRgb[1]}, int64_t{colourRgb[2]}, labelSetId,
                 int64_t{index})
        .run();
    AuditLog(database_, userName_)
        .append("recolour label class", "label set " + std::to_string(labelSetId),
                {{"label_set", labelSet.name},
                 {"class", std::to_string(index)},
                 {"old_colour", colourHex(oldColour)},
                 {"new_colour", colourHex(colourRgb)}});
    transaction.commit();
}

}  // namespace segloop
