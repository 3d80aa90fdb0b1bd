#include "domain/Catalogue.h"

#include <algorithm>

#include "domain/DefaultCatalogue.h"

namespace tessera::domain {

Catalogue Catalogue::defaults() {
    std::vector<std::string> names(defaultCatalogueNames().begin(), defaultCatalogueNames().end());
    auto catalogue = fromNames(names);
    if (!catalogue)
        throw std::logic_error("the built-in catalogue is invalid: " + catalogue.error().message);
    return *catalogue;
}

Result<Catalogue> Catalogue::fromNames(const std::vector<std::string>& names) {
    Catalogue catalogue;
    TESSERA_TRY(catalogue.extend(names));
    return catalogue;
}

Result<void> Catalogue::extend(const std::vector<std::string>& names) {
    std::vector<std::string> invalid;
    for (const auto& name : names) {
        auto pattern = parsePermissionPattern(name);
        if (!pattern || pattern->kind != PatternKind::Concrete) {
            invalid.push_back(name);
            continue;
        }
        names_.insert(name);
        groups_.insert(pattern->group);
    }
    if (!invalid.empty()) {
        return fail(ErrorCode::InvalidPermission,
                    "catalogue entries must be concrete group.action names", invalid);
    }
    return {};
}

Result<std::vector<PermissionPattern>> Catalogue::validate(
    const std::vector<std::string>& entries) const {
    std::vector<PermissionPattern> patterns;
    std::vector<std::string> offending;
    for (const auto& entry : entries) {
        auto pattern = parsePermissionPattern(entry);
        bool known =
            pattern && (pattern->kind == PatternKind::All ||
                        (pattern->kind == PatternKind::GroupWildcard && hasGroup(pattern->group)) ||
                        (pattern->kind == PatternKind::Concrete && contains(entry)));
        if (!known) {
            offending.push_back(entry);
            continue;
        }
        patterns.push_back(std::move(*pattern));
    }
    if (!offending.empty()) {
        return fail(ErrorCode::InvalidPermission,
                    "not in the permission catalogue (use a catalogue name, group.* for a known "
                    "group, or *.*)",
                    offending);
    }
    return patterns;
}

PermissionSet Catalogue::readOnlyPermissions() const {
    PermissionSet set;
    for (const auto& name : names_) {
        auto pattern = parsePermissionPattern(name);
        if (pattern && (pattern->action == "read" || pattern->action == "list")) set.add(*pattern);
    }
    return set;
}

std::vector<std::string> Catalogue::sortedNames() const {
    std::vector<std::string> out(names_.begin(), names_.end());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace tessera::domain
