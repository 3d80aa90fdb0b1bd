#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "domain/Error.h"
#include "domain/Tenant.h"

namespace tessera::domain {

// SCOPE-1: a tenant locator, `any`, or `type:test` / `type:production`.
struct ScopeEntry {
    enum class Kind { Any, Type, Locator };
    Kind kind = Kind::Locator;
    TenantType type = TenantType::Test;  // for Kind::Type
    std::string locator;                 // for Kind::Locator

    std::string text() const;
    friend bool operator==(const ScopeEntry&, const ScopeEntry&) = default;
};

// Syntax only; whether a locator names a tenant of the business account is checked by the caller.
Result<ScopeEntry> parseScopeEntry(std::string_view text);
bool isUuid(std::string_view text);

class TenantScope {
  public:
    static TenantScope everything();

    void add(const ScopeEntry& entry);
    void addAll(const TenantScope& other);

    // SCOPE-1: the tenant is live and named by an entry.
    bool covers(const Tenant& tenant) const;
    // SCOPE-2 for management: covers it, or it is retired and named by `any` or its locator.
    bool names(const Tenant& tenant) const;
    // SCOPE-3: `tenant` is the tenant a Locator entry names (nullptr when unknown or not live).
    bool contains(const ScopeEntry& requested, const Tenant* tenant) const;

    bool hasAny() const { return any_; }
    std::vector<std::string> toStrings() const;

  private:
    bool any_ = false;
    bool test_ = false;
    bool production_ = false;
    absl::flat_hash_set<std::string> locators_;
};

}  // namespace tessera::domain
