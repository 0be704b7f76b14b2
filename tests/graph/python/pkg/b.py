def imported_helper():
    return 3
