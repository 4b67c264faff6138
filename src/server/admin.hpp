// The admin API under /_hyperpod/: everything that is not AWS (health, clock, reset).
#pragma once

#include "aws/http.hpp"

namespace hpl {

class Emulator;

aws::HttpResponse handle_admin(Emulator& emu, const aws::HttpRequest& request);

}  // namespace hpl
