#include "domain/TenantScope.h"

#include <algorithm>

namespace tessera::domain {

bool isUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

std::string ScopeEntry::text() const {
    switch (kind) {
        case Kind::Any:
            return "any";
        case Kind::Type:
            return "type:" + std::string(nameOf(type));
        case Kind::Locator:
            return locator;
    }
    return {};
}

Result<ScopeEntry> parseScopeEntry(std::string_view text) {
    if (text == "any") return ScopeEntry{ScopeEntry::Kind::Any, TenantType::Test, {}};
    if (text == "type:test") return ScopeEntry{ScopeEntry::Kind::Type, TenantType::Test, {}};
    if (text == "type:production") {
        return ScopeEntry{ScopeEntry::Kind::Type, TenantType::Production, {}};
    }
    if (isUuid(text)) {
        std::string lower(text);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        return ScopeEntry{ScopeEntry::Kind::Locator, TenantType::Test, lower};
    }
    return fail(ErrorCode::InvalidRequest,
                "a tenant entry is a tenant locator (UUID), any, type:test or type:production");
}

TenantScope TenantScope::everything() {
    TenantScope scope;
    scope.any_ = true;
    return scope;
}

void TenantScope::add(const ScopeEntry& entry) {
    switch (entry.kind) {
        case ScopeEntry::Kind::Any:
            any_ = true;
            break;
        case ScopeEntry::Kind::Type:
            if (entry.type == TenantType::Test) test_ = true;
            if (entry.type == TenantType::Production) production_ = true;
            break;
        case ScopeEntry::Kind::Locator:
            locators_.insert(entry.locator);
            break;
    }
}

void TenantScope::addAll(const TenantScope& other) {
    any_ = any_ || other.any_;
    test_ = test_ || other.test_;
    production_ = production_ || other.production_;
    locators_.insert(other.locators_.begin(), other.locators_.end());
}

bool TenantScope::covers(const Tenant& tenant) const {
    if (!isLive(tenant.type)) return false;
    if (any_) return true;
    if (tenant.type == TenantType::Test && test_) return true;
    if (tenant.type == TenantType::Production && production_) return true;
    return locators_.contains(tenant.locator);
}

bool TenantScope::names(const Tenant& tenant) const {
    if (isLive(tenant.type)) return covers(tenant);
    return any_ || locators_.contains(tenant.locator);
}

bool TenantScope::contains(const ScopeEntry& requested, const Tenant* tenant) const {
    switch (requested.kind) {
        case ScopeEntry::Kind::Any:
            return any_;
        case ScopeEntry::Kind::Type:
            return any_ || (requested.type == TenantType::Test && test_) ||
                   (requested.type == TenantType::Production && production_);
        case ScopeEntry::Kind::Locator:
            return tenant != nullptr && covers(*tenant);
    }
    return false;
}

std::vector<std::string> TenantScope::toStrings() const {
    std::vector<std::string> out;
    if (any_) out.push_back("any");
    if (test_) out.push_back("type:test");
    if (production_) out.push_back("type:production");
    std::vector<std::string> locators(locators_.begin(), locators_.end());
    std::sort(locators.begin(), locators.end());
    out.insert(out.end(), locators.begin(), locators.end());
    return out;
}

}  // namespace tessera::domain
