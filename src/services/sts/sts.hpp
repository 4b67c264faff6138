// STS: who the caller is, and temporary credentials (AssumeRole, GetSessionToken). Issued
// credentials are kept so that --auth sigv4|iam can accept them (and their session token) and
// act as the role or user they were issued to.
#pragma once

#include "aws/auth_principal.hpp"
#include "aws/time.hpp"
#include "services/service.hpp"

#include <map>
#include <string>

namespace hpl::sts {

struct Session {
  std::string access_key;  // ASIA...
  std::string secret;
  std::string token;
  // Wall-clock expiry: clients sign with wall time, whatever the virtual clock says.
  aws::EpochMs expires_wall = 0;
  aws::Principal principal;  // the assumed role session, or the user (GetSessionToken)
};

class Sts : public Service {
 public:
  explicit Sts(Emulator& emu) : Service(emu) {}
  std::string_view name() const override { return "sts"; }
  void register_operations(aws::OperationTable& table) override;
  void load() override;
  void reset() override { sessions_.clear(); }

  const Session* find_session(std::string_view access_key) const;

 private:
  boost::json::object issue(aws::Call& call, std::int64_t seconds, aws::Principal principal);

  std::map<std::string, Session, std::less<>> sessions_;  // by access key id
};

}  // namespace hpl::sts
