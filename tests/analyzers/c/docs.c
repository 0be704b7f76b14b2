/*
 * Copyright (c) 2024 Example Authors.
 * Licensed under the MIT license.
 *
 * docs.c - every documentation comment style.
 */

#include <stdio.h>

/**
 * Adds two numbers.
 *
 * @param a the first
 * @param b the second
 * @return the sum
 */
int add(int a, int b)
{
    return a + b;
}

/// Subtracts b from a.
///
/// Never overflows in practice.
int sub(int a, int b)
{
    return a - b;
}

// Multiplies two numbers.
// Plain line comments form one block too.
int mul(int a, int b)
{
    return a * b;
}

/* Divides, with a plain block comment. */

int divide(int a, int b)
{
    return b ? a / b : 0;
}

/*! Qt-style Doxygen comment. */
int mod(int a, int b) { return a % b; }

//! Another Doxygen line style.
static int neg(int a) { return -a; }

/* Too far away: two blank lines follow. */


void undocumented(void) {}

int last_value; /**< the last computed value */
int scratch;    // scratch space

/***************************************
 * Banner comment, not Doxygen.
 ***************************************/
void banner(void)
{
    puts("banner");
}
