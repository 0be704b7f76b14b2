#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

#define LOG(x) std::printf("%d\n", (x))

namespace app {

struct Engine {
    void start();
    void stop() { this->start(); }
};

int compute(int x);

void Engine::start()
{
    stop();                        // own class
    compute(1);                    // enclosing namespace
    app::compute(2);               // qualified
    std::string s = std::to_string(3);
    std::vector<int> v;
    v.push_back(4);                // member
    auto e = std::make_unique<Engine>();
    e->stop();                     // member through a pointer
    Engine *raw = new Engine();
    raw->start();
    LOG(5);                        // macro
    std::memset(&v, 0, 0);         // std
    memcpy(nullptr, nullptr, 0);   // system header (C library)
    unknown(6);                    // external
    auto fn = [](int y) { return compute(y); };
    fn(7);                         // through a local
    int (*fp)(int) = compute;      // reference
    fp(8);
    external_ns::thing();
    ::compute(9);
    delete raw;
}

}  // namespace app
