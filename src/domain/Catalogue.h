#pragma once

#include <string>
#include <string_view>
#include <vector>
#include "domain/HashKey.h"

#include <absl/container/flat_hash_set.h>

#include "domain/PermissionSet.h"

namespace tessera::domain {

// The permission catalogue (PERM-2): the names roles and tokens may contain.
class Catalogue {
  public:
    static Catalogue defaults();
    // Fails on a name that is not a concrete PERM-1 permission.
    static Result<Catalogue> fromNames(const std::vector<std::string>& names);

    Result<void> extend(const std::vector<std::string>& names);

    bool contains(std::string_view permission) const {
        return names_.contains(hashKey(permission));
    }
    bool hasGroup(std::string_view group) const { return groups_.contains(hashKey(group)); }

    // PERM-2: parses every entry; fails naming every entry that is not allowed.
    Result<std::vector<PermissionPattern>> validate(const std::vector<std::string>& entries) const;

    // ROLE-3: every catalogue permission whose action is `read` or `list`.
    PermissionSet readOnlyPermissions() const;
    std::vector<std::string> sortedNames() const;

  private:
    absl::flat_hash_set<std::string> names_;
    absl::flat_hash_set<std::string> groups_;
};

}  // namespace tessera::domain
