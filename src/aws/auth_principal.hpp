// Who sent a request, as authentication found it (--auth sigv4|iam). Without authentication
// every request is the account root's.
#pragma once

#include <string>

namespace hpl::aws {

struct Principal {
  enum class Kind { Root, User, AssumedRole, Anonymous };
  Kind kind = Kind::Root;
  std::string arn;         // arn:aws:iam::<account>:user/alice, ...:assumed-role/R/s; root: empty
  std::string user_id;     // AIDA... (user), AROA...:session (assumed role)
  std::string name;        // user name, or role name for an assumed role
  std::string access_key;  // the key that signed the request
};

}  // namespace hpl::aws
