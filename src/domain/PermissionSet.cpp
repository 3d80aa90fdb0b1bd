#include "domain/PermissionSet.h"
#include "domain/HashKey.h"

#include <algorithm>

namespace tessera::domain {

PermissionSet PermissionSet::all() {
    PermissionSet set;
    set.all_ = true;
    return set;
}

void PermissionSet::add(const PermissionPattern& pattern) {
    switch (pattern.kind) {
        case PatternKind::All:
            all_ = true;
            break;
        case PatternKind::GroupWildcard:
            groups_.insert(pattern.group);
            break;
        case PatternKind::Concrete:
            concrete_.insert(pattern.text());
            break;
    }
}

void PermissionSet::addAll(const PermissionSet& other) {
    all_ = all_ || other.all_;
    groups_.insert(other.groups_.begin(), other.groups_.end());
    concrete_.insert(other.concrete_.begin(), other.concrete_.end());
}

bool PermissionSet::covers(std::string_view permission) const {
    if (all_) return true;
    std::string_view group, action;
    if (!splitPermission(permission, group, action)) return false;
    return groups_.contains(hashKey(group)) || concrete_.contains(hashKey(permission));
}

bool PermissionSet::covers(std::string_view group, std::string_view action) const {
    if (all_ || groups_.contains(hashKey(group))) return true;
    // Joined on the stack: this is on the hot path, and catalogue names are short.
    char joined[256];
    if (group.size() + 1 + action.size() > sizeof joined) {
        return concrete_.contains(std::string(group) + "." + std::string(action));
    }
    group.copy(joined, group.size());
    joined[group.size()] = '.';
    action.copy(joined + group.size() + 1, action.size());
    return concrete_.contains(hashKey({joined, group.size() + 1 + action.size()}));
}

bool PermissionSet::contains(const PermissionPattern& requested) const {
    switch (requested.kind) {
        case PatternKind::All:
            return all_;
        case PatternKind::GroupWildcard:
            return all_ || groups_.contains(requested.group);
        case PatternKind::Concrete:
            return covers(requested.group, requested.action);
    }
    return false;
}

std::vector<std::string> PermissionSet::toStrings() const {
    std::vector<std::string> out;
    for (const auto& pattern : patterns()) out.push_back(pattern.text());
    return out;
}

std::vector<PermissionPattern> PermissionSet::patterns() const {
    std::vector<PermissionPattern> out;
    if (all_) out.push_back({PatternKind::All, {}, {}});
    std::vector<std::string> groups(groups_.begin(), groups_.end());
    std::sort(groups.begin(), groups.end());
    for (auto& group : groups) out.push_back({PatternKind::GroupWildcard, group, {}});
    std::vector<std::string> concrete(concrete_.begin(), concrete_.end());
    std::sort(concrete.begin(), concrete.end());
    for (auto& name : concrete) {
        auto dot = name.find('.');
        out.push_back({PatternKind::Concrete, name.substr(0, dot), name.substr(dot + 1)});
    }
    return out;
}

}  // namespace tessera::domain
