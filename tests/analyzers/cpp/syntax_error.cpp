namespace broken {

class Half {
public:
    void ok();
    void bad( {
};

int after() { return 1; }

}  // namespace broken
