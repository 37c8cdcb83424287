#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace segloop {

class Database;

/// One class of a label set: the value a label map stores for it, its name and display colour.
struct LabelClass {
    uint16_t index = 1;  ///< 1..65535 (0 is background and is not listed).
    std::string name;
    std::array<uint8_t, 3> colourRgb{255, 0, 0};
};

/// The named classes that label maps of a project use ("Anterior", "Posterior").
struct LabelSet {
    int64_t id = 0;
    std::string name;
    std::vector<LabelClass> classes;  ///< By index.
    std::string createdAt;

    const LabelClass* findClass(uint16_t index) const {
        for (const LabelClass& labelClass : classes) {
            if (labelClass.index == index) {
                return &labelClass;
            }
        }
        return nullptr;
    }
};

/// Creates and reads label sets. A set and its classes are written in one transaction.
/// Holds a reference to a Database (same thread rules); short-lived.
class LabelSetRepository {
public:
    LabelSetRepository(Database& database, std::string userName);

    /// Returns the new set's id; refuses a name already used and duplicate class indices or
    /// names with an Error naming the set.
    int64_t create(const std::string& name, const std::vector<LabelClass>& classes);
    std::optional<LabelSet> find(int64_t labelSetId);
    std::optional<LabelSet> findByName(const std::string& name);
    /// Throws Error("label set <id>", "no such label set in the project") when missing.
    LabelSet get(int64_t labelSetId);
    std::vector<LabelSet> list();

private:
    std::vector<LabelSet> query(const std::string& whereClause, const std::optional<int64_t>& id,
                                const std::optional<std::string>& name);

    Database& database_;
    std::string userName_;
};

}  // namespace segloop
