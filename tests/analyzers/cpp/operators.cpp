struct Money {
    long cents;

    Money operator+(const Money &o) const { return Money{cents + o.cents}; }
    Money &operator+=(const Money &o);
    bool operator==(const Money &o) const { return cents == o.cents; }
    bool operator<(const Money &o) const;
    long operator()(int scale) const { return cents * scale; }
    long &operator[](int) { return cents; }
    explicit operator bool() const { return cents != 0; }
    operator long() const;
};

Money &Money::operator+=(const Money &o)
{
    cents += o.cents;
    return *this;
}

bool Money::operator<(const Money &o) const { return cents < o.cents; }

Money::operator long() const { return cents; }

Money operator-(const Money &a, const Money &b) { return Money{a.cents - b.cents}; }
