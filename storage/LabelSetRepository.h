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

/// `colourRgb` as "#RRGGBB" (upper-case hex), as audit details and listings show it.
std::string colourHex(const std::array<uint8_t, 3>& colourRgb);

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

/// Creates and reads label sets and edits their classes. A set and its classes are written in
/// one transaction; each class edit is one transaction with its audit entry. Label maps store
/// class indices, so renaming or recolouring a class never changes what a saved label version
/// means, and an added class takes the next free index. Classes are never removed.
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

    /// Adds a class with the next index (the largest + 1) and returns that index. Refuses an
    /// empty name or one the set already has with an Error naming the set and the name.
    uint16_t addClass(int64_t labelSetId, const std::string& name,
                      std::array<uint8_t, 3> colourRgb);
    /// Renames class `index`; refuses an unknown index, an empty name or another class's name.
    /// Renaming to the current name changes (and audits) nothing.
    void renameClass(int64_t labelSetId, uint16_t index, const std::string& name);
    /// Sets the display colour of class `index`; refuses an unknown index. The current colour
    /// changes (and audits) nothing.
    void recolourClass(int64_t labelSetId, uint16_t index, std::array<uint8_t, 3> colourRgb);

  private:
    std::vector<LabelSet> query(const std::string& whereClause, const std::optional<int64_t>& id,
                                const std::optional<std::string>& name);

    Database& database_;
    std::string userName_;
};

}  // namespace segloop
