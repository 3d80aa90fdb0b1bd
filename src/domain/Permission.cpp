#include "domain/Permission.h"

namespace tessera::domain {
namespace {

bool isNamePart(std::string_view part) {
    if (part.empty()) return false;
    auto isAlpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    if (!isAlpha(part.front())) return false;
    for (char c : part) {
        if (!isAlpha(c) && !isDigit(c) && c != '-') return false;
    }
    return true;
}

}  // namespace

std::string PermissionPattern::text() const {
    switch (kind) {
        case PatternKind::All:
            return "*.*";
        case PatternKind::GroupWildcard:
            return group + ".*";
        case PatternKind::Concrete:
            return group + "." + action;
    }
    return {};
}

bool splitPermission(std::string_view permission, std::string_view& group,
                     std::string_view& action) {
    auto dot = permission.find('.');
    if (dot == std::string_view::npos) return false;
    group = permission.substr(0, dot);
    action = permission.substr(dot + 1);
    return action.find('.') == std::string_view::npos;
}

Result<PermissionPattern> parsePermissionPattern(std::string_view text) {
    std::string_view group, action;
    if (!splitPermission(text, group, action)) {
        return fail(ErrorCode::InvalidPermission,
                    "a permission must be group.action with exactly one dot");
    }
    if (group == "*") {
        if (action == "*") return PermissionPattern{PatternKind::All, {}, {}};
        return fail(ErrorCode::InvalidPermission, "*.action is not a valid wildcard");
    }
    if (!isNamePart(group)) {
        return fail(ErrorCode::InvalidPermission, "the group must match [A-Za-z][A-Za-z0-9-]*");
    }
    if (action == "*") return PermissionPattern{PatternKind::GroupWildcard, std::string(group), {}};
    if (!isNamePart(action)) {
        return fail(ErrorCode::InvalidPermission, "the action must match [A-Za-z][A-Za-z0-9-]*");
    }
    return PermissionPattern{PatternKind::Concrete, std::string(group), std::string(action)};
}

bool covers(const PermissionPattern& granted, std::string_view group, std::string_view action) {
    switch (granted.kind) {
        case PatternKind::All:
            return true;
        case PatternKind::GroupWildcard:
            return granted.group == group;
        case PatternKind::Concrete:
            return granted.group == group && granted.action == action;
    }
    return false;
}

}  // namespace tessera::domain
