#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/Directory.h"
#include "service/Principal.h"
#include "service/ServiceContext.h"
#include "service/Writer.h"

namespace tessera::service {

using TenantRef = std::shared_ptr<const domain::Tenant>;

// Tenants of a business account (TEN-1). Retiring one stops every grant on it (TEN-1).
class TenantService {
  public:
    explicit TenantService(const ServiceContext& context) : context_(context) {}

    Result<TenantRef> find(const Principal& caller, std::string_view locator) const;
    // As `find`, but nothing (no error built) when there is no such tenant in the caller's
    // business account: for /auth/check, where a tenant not held is an everyday answer.
    TenantRef lookup(const Principal& caller, std::string_view locator) const;
    Result<TenantRef> create(const Principal& caller, const std::string& name,
                             const std::string& type, const std::string& description);
    Result<TenantRef> update(const Principal& caller, std::string_view locator,
                             const std::string& name, const std::string& description);
    Result<TenantRef> retire(const Principal& caller, std::string_view locator);
    // The live tenants the caller can reach (its scope, and its token's when it is a PAT).
    std::vector<TenantRef> reachable(const Principal& caller) const;
    // The tenants, retired ones included, that the caller's scope names (SCOPE-2).
    std::vector<TenantRef> managed(const Principal& caller) const;

  private:
    // Edits one tenant inside the writer's serialisation, from its current state.
    Result<TenantRef> change(const Principal& caller, std::string_view locator,
                             std::string eventType,
                             const std::function<Result<void>(domain::Tenant&)>& edit);
    store::WriteBatch batchFor(const domain::Tenant& tenant, std::string eventType);

    ServiceContext context_;
};

}  // namespace tessera::service
