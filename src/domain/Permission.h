#pragma once

#include <string>
#include <string_view>

#include "domain/Error.h"

namespace tessera::domain {

// PERM-1: `group.action`, `group.*` or `*.*`.
enum class PatternKind { Concrete, GroupWildcard, All };

struct PermissionPattern {
    PatternKind kind = PatternKind::Concrete;
    std::string group;   // empty for All
    std::string action;  // empty unless Concrete

    std::string text() const;
    friend bool operator==(const PermissionPattern&, const PermissionPattern&) = default;
};

// Parses the syntax of PERM-1 only; whether the name exists is the catalogue's concern (PERM-2).
Result<PermissionPattern> parsePermissionPattern(std::string_view text);

// Splits a concrete `group.action`; false when it is not of that shape.
bool splitPermission(std::string_view permission, std::string_view& group,
                     std::string_view& action);

// PERM-3: does the granted pattern cover the concrete permission `group.action`?
bool covers(const PermissionPattern& granted, std::string_view group, std::string_view action);

}  // namespace tessera::domain
