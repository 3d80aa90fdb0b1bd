#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "domain/Permission.h"

namespace tessera::domain {

// A set of permission patterns with O(1) cover checks (PERM-3) and the pattern subset of PERM-5.
class PermissionSet {
  public:
    PermissionSet() = default;
    static PermissionSet all();

    void add(const PermissionPattern& pattern);
    void addAll(const PermissionSet& other);

    // PERM-3 for a concrete `group.action`.
    bool covers(std::string_view permission) const;
    bool covers(std::string_view group, std::string_view action) const;
    // PERM-5: is the requested pattern within this set?
    bool contains(const PermissionPattern& requested) const;

    bool hasAll() const { return all_; }
    bool empty() const { return !all_ && groups_.empty() && concrete_.empty(); }
    // The patterns in a stable (sorted) order, as text.
    std::vector<std::string> toStrings() const;
    std::vector<PermissionPattern> patterns() const;

  private:
    bool all_ = false;
    absl::flat_hash_set<std::string> groups_;    // groups held as `group.*`
    absl::flat_hash_set<std::string> concrete_;  // `group.action`
};

}  // namespace tessera::domain
